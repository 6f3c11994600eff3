namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>The predefined error names and how retriers and catchers match them.</summary>
public static class ErrorNames
{
    public const string All = "States.ALL";
    public const string TaskFailed = "States.TaskFailed";
    public const string Timeout = "States.Timeout";
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";
    public const string Runtime = "States.Runtime";
    public const string DataLimitExceeded = "States.DataLimitExceeded";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string BranchFailed = "States.BranchFailed";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
    public const string Permissions = "States.Permissions";

    /// <summary>
    /// True when an ErrorEquals entry matches <paramref name="error"/>. States.ALL matches any error and
    /// States.TaskFailed any error but the timeouts; neither matches the terminal States.Runtime and
    /// States.DataLimitExceeded. States.Timeout also matches a heartbeat timeout (the guide: "failed to send
    /// a heartbeat for a period longer than HeartbeatSeconds" is a States.Timeout).
    /// </summary>
    public static bool Matches(string pattern, string error)
    {
        if (pattern == error)
        {
            return true;
        }
        var terminal = error is Runtime or DataLimitExceeded;
        return pattern switch
        {
            All => !terminal,
            TaskFailed => !terminal && error is not (Timeout or HeartbeatTimeout),
            Timeout => error == HeartbeatTimeout,
            _ => false,
        };
    }

    public static bool Matches(IEnumerable<string> errorEquals, string error) => errorEquals.Any(p => Matches(p, error));
}
