namespace SmusServerless.Runtime.Logging;

/// <summary>
/// A log value that names something (an execution ARN, a pipeline, an approval id) and is written as it is, where free
/// text would go through the redactor's shape rules, which mask long mixed-case runs such as execution names
/// (<c>DemoMarketingPipeline-1-4-0-5d41402abc4b2a76b9719d91</c>). Only what looks like an identifier is spared: at most
/// 256 characters of <c>A-Z a-z 0-9 . _ - : / @</c> (an ARN, starting with <c>arn:</c>, up to 2,048), never a
/// <c>+</c> or <c>=</c> of base64; anything else is redacted like any text. Keys named like secrets stay masked.
/// </summary>
public readonly record struct LogIdentifier(string Value)
{
    public static bool IsReadable(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var limit = value.StartsWith("arn:", StringComparison.Ordinal) ? 2048 : 256;
        if (value.Length == 0 || value.Length > limit)
            return false;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/' or '@'))
                return false;
        }

        return true;
    }

    public override string ToString() => Value;
}
