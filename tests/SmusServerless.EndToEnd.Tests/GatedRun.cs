using System.Text.Json.Nodes;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// An offline run of an example that has reached its approval gate, driven step by step: the engine runs only when
/// asked (<see cref="ContinueAsync"/>, <see cref="PassTimeAsync"/>), so a vote cast in between is seen exactly once
/// and time passes only on the virtual clock. Nobody approves automatically.
/// </summary>
internal sealed class GatedRun : IAsyncDisposable
{
    /// <summary>The author <see cref="OfflineWorld.BundleAsync"/> writes into every bundle.</summary>
    public const string Author = "dev@example.com";

    public static readonly IReadOnlyList<string> LocalApprovers = ["approver-1@local", "approver-2@local"];

    private GatedRun(OfflineWorld world, LocalPipelineRun run, LocalRunOptions options)
    {
        World = world;
        Run = run;
        Options = options;
    }

    public OfflineWorld World { get; }
    public LocalPipelineRun Run { get; }
    /// <summary>The execution of the latest upload.</summary>
    public string ExecutionArn { get; private set; } = "";
    public LocalRunOptions Options { get; }

    /// <summary>The detail of the latest "Approval Requested" event: <c>{"request": {...}, "links": [{approver, expiresAt, url}]}</c>.</summary>
    public JsonObject Requested => (JsonObject)World.OfType(LifecycleEvents.ApprovalRequested).Last()["detail"]!;

    public string ApprovalId => Requested["request"]!["approvalId"]!.GetValue<string>();

    public string PipelineName => Requested["request"]!["pipeline"]!.GetValue<string>();

    /// <summary>
    /// Bundles the example (author <see cref="Author"/>), starts a local stack with the given approvers and timeout,
    /// uploads the bundle and runs until the execution waits at the approval gate.
    /// </summary>
    public static async Task<GatedRun> StartAsync(string example, string version, IReadOnlyList<string>? approvers = null, TimeSpan? approvalTimeout = null)
    {
        var world = new OfflineWorld();
        LocalPipelineRun? run = null;
        try
        {
            var bundle = await world.BundleAsync(example, version);
            var manifest = await OfflineWorld.ManifestAsync(bundle);
            var options = new LocalRunOptions
            {
                StateDirectory = world.StateDirectory,
                AutoApprove = false,
                Approvers = approvers ?? LocalApprovers,
            };
            if (approvalTimeout is { } timeout)
                options = options with { ApprovalTimeout = timeout };
            run = await LocalPipelineRun.StartAsync(options, manifest, e => { lock (world.Events) world.Events.Add(e); }, CancellationToken.None);
            var gated = new GatedRun(world, run, options);
            await gated.UploadAsync(bundle);
            return gated;
        }
        catch
        {
            if (run is not null) await run.DisposeAsync();
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>Uploads another bundle to the same stack and runs its execution until it waits at the approval gate.</summary>
    public async Task UploadAsync(string bundlePath)
    {
        var requestedBefore = World.OfType(LifecycleEvents.ApprovalRequested).Count();
        ExecutionArn = await Run.StartBundleAsync(bundlePath, null, CancellationToken.None);
        var state = await ContinueAsync();
        if (state.Status != "RUNNING" || World.OfType(LifecycleEvents.ApprovalRequested).Count() != requestedBefore + 1)
            throw new InvalidOperationException($"the run did not stop at its approval gate: {state.Status} {state.Error}: {state.Cause}; events: {string.Join(", ", World.DetailTypes)}");
    }

    /// <summary>The signed link the "Approval Requested" event carries for <paramref name="approver"/>.</summary>
    public string LinkOf(string approver) =>
        Requested["links"]!.AsArray().Single(l => l!["approver"]!.GetValue<string>() == approver)!["url"]!.GetValue<string>();

    /// <summary>Runs until the execution ends or waits again (for a person, or for the approval timeout).</summary>
    public Task<LocalRunResult> ContinueAsync() => Run.RunUntilWaitingAsync(ExecutionArn, CancellationToken.None);

    /// <summary>Lets <paramref name="by"/> pass on the virtual clock, then runs until the execution ends or waits again.</summary>
    public Task<LocalRunResult> PassTimeAsync(TimeSpan by) => Run.PassTimeAsync(ExecutionArn, by, CancellationToken.None);

    public async Task<ApprovalRecord> ApprovalAsync() =>
        await Run.ReadApprovalAsync(ApprovalId, CancellationToken.None) ?? throw new InvalidOperationException($"no approval record {ApprovalId}");

    public Task<IReadOnlyList<AuditEntry>> AuditTrailAsync() => Run.ApprovalGate.Audit.ReadAllAsync(CancellationToken.None);

    /// <summary>The target's current deployment record, as the deploy step wrote it (null when nothing was deployed there).</summary>
    public Task<DeploymentRecord?> DeploymentOfAsync(string target) =>
        new DeploymentRecords(Run.Store, LocalPipelineRun.StateBucket).ReadCurrentAsync(PipelineName, target, CancellationToken.None);

    public IEnumerable<JsonObject> Events(string detailType) => World.OfType(detailType).Select(e => (JsonObject)e["detail"]!);

    public async ValueTask DisposeAsync()
    {
        await Run.DisposeAsync();
        await World.DisposeAsync();
    }
}
