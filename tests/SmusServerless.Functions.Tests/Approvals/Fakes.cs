using SmusServerless.Core.Approvals;

namespace SmusServerless.Functions.Tests.Approvals;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

public sealed record TaskCallbackCall(string Kind, string TaskToken, string? Output, string? Error, string? Cause);

/// <summary>Stands in for Step Functions: records SendTaskSuccess / SendTaskFailure calls.</summary>
public sealed class RecordingTaskCallback : ITaskCallback
{
    private readonly List<TaskCallbackCall> _calls = new();

    public IReadOnlyList<TaskCallbackCall> Calls { get { lock (_calls) return _calls.ToList(); } }

    public Task SendTaskSuccessAsync(string taskToken, string outputJson, CancellationToken cancellationToken) =>
        Record(new TaskCallbackCall("success", taskToken, outputJson, null, null));

    public Task SendTaskFailureAsync(string taskToken, string error, string cause, CancellationToken cancellationToken) =>
        Record(new TaskCallbackCall("failure", taskToken, null, error, cause));

    private Task Record(TaskCallbackCall call)
    {
        lock (_calls)
            _calls.Add(call);
        return Task.CompletedTask;
    }
}

/// <summary>A store whose reads fail, to see what the endpoint shows when an adapter breaks.</summary>
public sealed class BrokenApprovalStore : IApprovalStore
{
    private static Exception Failure() => new InvalidOperationException("disk on fire at /var/secret/path; token=SECRET-IN-EXCEPTION");
    public Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken) => throw Failure();
    public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken) => throw Failure();
    public Task<VoteAppendResult> AppendVoteAsync(string approvalId, ApprovalVote vote, CancellationToken cancellationToken) => throw Failure();
    public Task<bool> TryResolveAsync(string approvalId, ApprovalResolution resolution, CancellationToken cancellationToken) => throw Failure();
    public Task MarkCallbackDeliveredAsync(string approvalId, CancellationToken cancellationToken) => throw Failure();
}

/// <summary>A temporary state directory, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("smus-approvals-").FullName;
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
