using SmusServerless.Application.Ports;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Fakes;

internal sealed class RecordedEvents : ILifecycleEvents
{
    public List<LifecycleEvent> Published { get; } = [];

    public Task PublishAsync(IReadOnlyList<LifecycleEvent> events, CancellationToken cancellationToken)
    {
        lock (Published) Published.AddRange(events);
        return Task.CompletedTask;
    }
}

/// <summary>Starts executions by name once; a name used before answers AlreadyExists.</summary>
internal sealed class FakeExecutionStarter : IExecutionStarter
{
    public Dictionary<string, string> Started { get; } = [];

    public Task<ExecutionStart> StartAsync(string stateMachineArn, string name, string inputJson, CancellationToken cancellationToken)
    {
        if (Started.ContainsKey(name)) return Task.FromResult(new ExecutionStart(null, true));
        Started[name] = inputJson;
        return Task.FromResult(new ExecutionStart($"{stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal)}:{name}", false));
    }
}

/// <summary>Keeps the requests it is handed and answers with the gate's terms filled in.</summary>
internal sealed class FakeApprovalGate : IApprovalGate
{
    public List<(ApprovalRequest Request, string TaskToken)> Requests { get; } = [];

    public Task<ApprovalRequestedEvent> RequestAsync(ApprovalRequest request, string taskToken, CancellationToken cancellationToken)
    {
        Requests.Add((request, taskToken));
        return Task.FromResult(new ApprovalRequestedEvent(request with { Approvers = ["ann@example.com"], Quorum = 1 }, []));
    }
}
