using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Tasks;

namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>A task prepared in one pass of the runner; all of a pass's tasks run concurrently, then apply in order.</summary>
internal sealed record PendingInvocation(
    BranchRecord Branch,
    TaskState State,
    TaskResourceName Name,
    ITaskResource Resource,
    TaskRequest Request,
    string? TokenHash);
