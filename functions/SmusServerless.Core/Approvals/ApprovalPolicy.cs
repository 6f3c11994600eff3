namespace SmusServerless.Core.Approvals;

/// <summary>
/// The stack's approval configuration: who may approve, how many distinct approvals are needed and how long
/// a request stays open. The bundle has no say in any of it, so its author cannot pick their own approvers.
/// </summary>
public sealed record ApprovalPolicy
{
    public const int DefaultQuorum = 2;
    public const int MaxApprovers = 50;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(24);

    public ApprovalPolicy(IReadOnlyList<string> approvers, int quorum = DefaultQuorum, TimeSpan? timeout = null)
    {
        var normalised = approvers.Select(a => a?.Trim() ?? "").ToList();
        for (var i = 0; i < normalised.Count; i++)
        {
            if (!ApproverIdentity.IsValid(normalised[i]))
                throw new ApprovalConfigurationException($"approvers[{i}] is not a valid approver id (1-{ApproverIdentity.MaxLength} printable characters, no spaces or commas)");
        }
        if (normalised.Count == 0)
            throw new ApprovalConfigurationException("approvers is empty: at least one approver is required");
        if (normalised.Count > MaxApprovers)
            throw new ApprovalConfigurationException($"approvers has {normalised.Count} entries; at most {MaxApprovers} are allowed");
        var duplicate = normalised.GroupBy(a => a, ApproverIdentity.Comparer).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ApprovalConfigurationException($"approvers lists '{duplicate.Key}' more than once");
        if (quorum < 1 || quorum > normalised.Count)
            throw new ApprovalConfigurationException($"quorum is {quorum}; it must be between 1 and the number of approvers ({normalised.Count})");
        var effectiveTimeout = timeout ?? DefaultTimeout;
        if (effectiveTimeout < TimeSpan.FromMinutes(1) || effectiveTimeout > TimeSpan.FromDays(365))
            throw new ApprovalConfigurationException($"timeout is {effectiveTimeout}; it must be between 1 minute and 365 days");

        Approvers = normalised;
        Quorum = quorum;
        Timeout = effectiveTimeout;
    }

    public IReadOnlyList<string> Approvers { get; }
    public int Quorum { get; }
    public TimeSpan Timeout { get; }

    public bool Includes(string approver) => Approvers.Contains(approver, ApproverIdentity.Comparer);
}

/// <summary>How approver ids are compared and which ones are acceptable.</summary>
public static class ApproverIdentity
{
    public const int MaxLength = 256;

    /// <summary>Approver ids are usually e-mail addresses, which compare case-insensitively in practice.</summary>
    public static StringComparer Comparer { get; } = StringComparer.OrdinalIgnoreCase;

    public static bool IsValid(string? approver) =>
        !string.IsNullOrEmpty(approver)
        && approver.Length <= MaxLength
        && approver.All(c => c > ' ' && c != ',' && c != 0x7f && !char.IsControl(c) && !char.IsWhiteSpace(c));

    public static bool Same(string a, string b) => Comparer.Equals(a.Trim(), b.Trim());

    /// <summary>
    /// Whether an approver is the bundle's author. Authors may be recorded as "Name &lt;e-mail&gt;" (git style),
    /// so the address in angle brackets counts as well as the whole value.
    /// </summary>
    public static bool IsAuthor(string approver, string author)
    {
        if (Same(approver, author))
            return true;
        var open = author.LastIndexOf('<');
        var close = author.LastIndexOf('>');
        return open >= 0 && close > open + 1 && Same(approver, author[(open + 1)..close]);
    }
}

/// <summary>Approval ids appear in URL paths and file names, so they are restricted to a safe alphabet.</summary>
public static class ApprovalIdentifier
{
    public const int MaxLength = 128;

    public static bool IsValid(string? approvalId) =>
        !string.IsNullOrEmpty(approvalId)
        && approvalId.Length <= MaxLength
        && char.IsAsciiLetterOrDigit(approvalId[0])
        && approvalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

public sealed class ApprovalConfigurationException(string message) : Exception($"Approval configuration: {message}");
