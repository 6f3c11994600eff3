namespace SmusServerless.Core.Approvals;

/// <summary>The error names the approval gate ends a Step Functions task or execution with.</summary>
public static class ApprovalErrorNames
{
    /// <summary>SendTaskFailure error when an approver rejects; the cause names the approver and their comment.</summary>
    public const string Rejected = "Approval.Rejected";

    /// <summary>The pipeline's Fail state after the wait task timed out (States.Timeout) and the record was marked expired.</summary>
    public const string Expired = "Approval.Expired";

    /// <summary>The stack's policy cannot be met for this bundle (too few approvers besides the author).</summary>
    public const string QuorumUnreachable = "Approval.QuorumUnreachable";

    /// <summary>The request task's input is missing or malformed.</summary>
    public const string InvalidRequest = "Approval.InvalidRequest";
}

/// <summary>A named failure of the gate; <see cref="ErrorName"/> is one of <see cref="ApprovalErrorNames"/>.</summary>
public sealed class ApprovalException(string errorName, string message) : Exception(message)
{
    public string ErrorName { get; } = errorName;
}
