using System.Globalization;
using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Approvals;

/// <summary>
/// The stack's approval configuration: the policy (approvers, quorum, timeout) and the public base URL of the
/// approval endpoint (the Function URL, or the local server). On AWS it is read from the function's environment,
/// which template.yaml fills from stack parameters. <see cref="BaseUrl"/> is null where no links are issued: the
/// endpoint function cannot be given its own Function URL (CloudFormation would see a circular dependency).
/// </summary>
public sealed record ApprovalGateOptions(ApprovalPolicy Policy, Uri? BaseUrl)
{
    public const string ApproversVariable = "SMUS_APPROVERS";
    public const string QuorumVariable = "SMUS_APPROVAL_QUORUM";
    public const string TimeoutSecondsVariable = "SMUS_APPROVAL_TIMEOUT_SECONDS";
    public const string BaseUrlVariable = "SMUS_APPROVAL_BASE_URL";

    /// <summary>
    /// Reads <c>SMUS_APPROVERS</c> (comma-separated, required), <c>SMUS_APPROVAL_QUORUM</c> (default 2),
    /// <c>SMUS_APPROVAL_TIMEOUT_SECONDS</c> (required: it must equal the value the resolve step gives the wait task, so the
    /// links and the task expire together) and <c>SMUS_APPROVAL_BASE_URL</c> (an absolute http(s) URL, optional).
    /// </summary>
    public static ApprovalGateOptions FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var approverList = variable(ApproversVariable);
        if (string.IsNullOrWhiteSpace(approverList))
            throw new ApprovalConfigurationException($"{ApproversVariable} is not set: it lists the approvers (comma-separated), e.g. the stack parameter Approvers");
        var approvers = approverList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var quorum = ReadInt(variable, QuorumVariable) ?? ApprovalPolicy.DefaultQuorum;
        var timeoutSeconds = ReadInt(variable, TimeoutSecondsVariable)
            ?? throw new ApprovalConfigurationException($"{TimeoutSecondsVariable} is not set: it must equal the wait task's TimeoutSeconds (the stack parameter ApprovalTimeoutSeconds)");
        return new ApprovalGateOptions(new ApprovalPolicy(approvers, quorum, TimeSpan.FromSeconds(timeoutSeconds)), ReadBaseUrl(variable));
    }

    /// <summary>The base URL, or an error naming <see cref="BaseUrlVariable"/> for a function that issues links without one.</summary>
    public Uri RequireBaseUrl() =>
        BaseUrl ?? throw new ApprovalConfigurationException($"{BaseUrlVariable} is not set: issuing approval links needs the approval endpoint's URL (its Function URL)");

    private static Uri? ReadBaseUrl(Func<string, string?> variable)
    {
        var text = variable(BaseUrlVariable);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
            throw new ApprovalConfigurationException($"{BaseUrlVariable} must be an absolute http(s) URL (the approval endpoint's Function URL)");
        return baseUrl;
    }

    private static int? ReadInt(Func<string, string?> variable, string name)
    {
        var text = variable(name);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ApprovalConfigurationException($"{name} is '{text}'; it must be a whole number");
    }
}
