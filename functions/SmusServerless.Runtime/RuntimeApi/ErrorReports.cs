using SmusServerless.Runtime.Redaction;

namespace SmusServerless.Runtime.RuntimeApi;

/// <summary>
/// Turns failures into error reports that are safe to hand to Lambda (and so to Step Functions' execution
/// history and the caller): the message and stack are redacted, and the raw input is never quoted.
/// </summary>
public static class ErrorReports
{
    /// <summary>
    /// errorType is the exception's type name (what an ASL <c>Catch</c> matches, like the managed .NET runtime),
    /// unless the exception names its own (<see cref="IErrorType"/>); an AggregateException of one is unwrapped.
    /// </summary>
    public static ErrorReport FromException(Exception exception, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(redactor);
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        var errorType = exception is IErrorType named ? named.ErrorType : exception.GetType().Name;
        return new ErrorReport(redactor.Redact(exception.Message), errorType, StackLines(exception, redactor));
    }

    public static ErrorReport Create(string errorType, string message, SecretRedactor redactor) =>
        new(redactor.Redact(message), errorType);

    private static string[]? StackLines(Exception exception, SecretRedactor redactor)
    {
        var stack = exception.StackTrace;
        if (string.IsNullOrWhiteSpace(stack))
        {
            return null;
        }

        return stack.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(redactor.Redact)
            .ToArray();
    }
}

/// <summary>An exception that reports a stable error type of its own rather than its CLR type name.</summary>
public interface IErrorType
{
    string ErrorType { get; }
}
