using System.Globalization;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The stack's approval configuration: the policy (approvers, quorum, timeout) and the public base URL of the
/// approval endpoint (the Function URL, or the local server). On AWS it is read from the function's environment,
/// which template.yaml fills from stack parameters.
/// </summary>
public sealed record ApprovalGateOptions(ApprovalPolicy Policy, Uri BaseUrl)
{
    public const string ApproversVariable = "APPROVAL_APPROVERS";
    public const string QuorumVariable = "APPROVAL_QUORUM";
    public const string TimeoutSecondsVariable = "APPROVAL_TIMEOUT_SECONDS";
    public const string BaseUrlVariable = "APPROVAL_BASE_URL";

    /// <summary>
    /// Reads <c>APPROVAL_APPROVERS</c> (comma-separated), <c>APPROVAL_QUORUM</c> (default 2),
    /// <c>APPROVAL_TIMEOUT_SECONDS</c> (default 86400) and <c>APPROVAL_BASE_URL</c> (absolute http(s) URL).
    /// </summary>
    public static ApprovalGateOptions FromEnvironment(Func<string, string?> variable)
    {
        var approvers = (variable(ApproversVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var quorum = ReadInt(variable, QuorumVariable, ApprovalPolicy.DefaultQuorum);
        var timeout = TimeSpan.FromSeconds(ReadInt(variable, TimeoutSecondsVariable, (int)ApprovalPolicy.DefaultTimeout.TotalSeconds));
        var baseUrlText = variable(BaseUrlVariable);
        if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
            throw new ApprovalConfigurationException($"{BaseUrlVariable} must be an absolute http(s) URL (the approval endpoint's Function URL)");
        return new ApprovalGateOptions(new ApprovalPolicy(approvers, quorum, timeout), baseUrl);
    }

    private static int ReadInt(Func<string, string?> variable, string name, int fallback)
    {
        var text = variable(name);
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ApprovalConfigurationException($"{name} is '{text}'; it must be a whole number");
    }
}
