using System.Text;
using System.Text.Json;
using NSubstitute;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Iam;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Runtime;
using SmusServerless.Runtime.RuntimeApi;

namespace SmusServerless.Functions.Tests.Pipeline;

/// <summary>
/// The pipeline's registered handlers run in-process, as the offline stack runs them: JSON in, JSON out, on the
/// file-backed object store and a DataZone substitute, with the runtime's EMF and log lines captured, and every call
/// on the ports recorded so it can be compared with what the handler declares (<see cref="FunctionPermissions"/>).
/// </summary>
internal sealed class HandlerHarness : IDisposable
{
    private readonly MemoryStream _output = new();
    private readonly RuntimeServices _runtime;

    public HandlerHarness()
    {
        _runtime = InProcessFunctions.LocalServices("smus-test", _output, Clock);
        Objects = new RecordingObjectStore(World.Store);
    }

    public PipelineFixture World { get; } = new();

    /// <summary>The runtime's clock: every timestamp read is 250 ms after the previous one.</summary>
    public TickingClock Clock { get; } = new(TimeSpan.FromMilliseconds(250));

    public IStepFunctionsClient StepFunctions { get; } = Substitute.For<IStepFunctionsClient>();

    public RecordingObjectStore Objects { get; private set; }

    public async Task<InProcessResult> InvokeAsync(string handler, string payload)
    {
        var services = new PipelineAdapters(World.Settings, Objects, _ => World.DataZone, World.Events, StepFunctions, TimeProvider.System);
        var registry = new HandlerRegistry();
        PipelineFunctions.Register(registry, _ => services);
        return await new InProcessFunctions(registry, _runtime).InvokeAsync(handler, Encoding.UTF8.GetBytes(payload), TimeSpan.FromMinutes(5), CancellationToken.None);
    }

    /// <summary>Invokes and returns the response; a failed invocation fails the test with its error report.</summary>
    public async Task<JsonElement> InvokeSucceedingAsync(string handler, string payload)
    {
        var result = await InvokeAsync(handler, payload);
        Assert.True(result.Error is null, $"{handler} failed: {result.Error?.ErrorType}: {result.Error?.ErrorMessage}");
        return JsonDocument.Parse(result.Payload!).RootElement.Clone();
    }

    public async Task<ErrorReport> InvokeFailingAsync(string handler, string payload)
    {
        var result = await InvokeAsync(handler, payload);
        Assert.True(result.Error is not null, $"{handler} was expected to fail but answered {Encoding.UTF8.GetString(result.Payload ?? [])}");
        return result.Error!;
    }

    /// <summary>Forgets the calls seen so far, so that the next invocation's calls are observed alone.</summary>
    public void StartObserving()
    {
        Objects = new RecordingObjectStore(World.Store);
        World.DataZone.ClearReceivedCalls();
        StepFunctions.ClearReceivedCalls();
        lock (World.Events.Published) World.Events.Published.Clear();
    }

    /// <summary>The IAM grants the calls since <see cref="StartObserving"/> need, by the adapters' declarations.</summary>
    public IReadOnlyList<IamGrant> ObservedGrants()
    {
        var grants = new List<IamGrant>();
        foreach (var (call, bucket, withVersionId) in Objects.Calls)
            grants.AddRange(FunctionPermissions.S3(call, ObjectsOf(bucket), withVersionId));
        foreach (var call in World.DataZone.ReceivedCalls())
            grants.Add(new IamGrant(IamActions.Of(Operation(DataZoneOperations.All, call.GetMethodInfo().Name)), PipelineResource.DataZoneDomains));
        foreach (var call in StepFunctions.ReceivedCalls())
            grants.Add(new IamGrant(IamActions.Of(Operation(StepFunctionsOperations.All, call.GetMethodInfo().Name)), PipelineResource.StateMachine));
        if (World.Events.Published.Count > 0)
            grants.Add(new IamGrant(IamActions.Of(Aws.EventBridge.EventBridgeOperations.PutEvents), PipelineResource.EventBus));
        return [.. grants.Distinct()];
    }

    /// <summary>The EMF documents the runtime wrote (log lines are left out).</summary>
    public IReadOnlyList<JsonElement> MetricDocuments()
    {
        var text = Encoding.UTF8.GetString(_output.ToArray());
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Where(document => document.TryGetProperty("_aws", out _))];
    }

    public string OutputText => Encoding.UTF8.GetString(_output.ToArray());

    private static PipelineResource ObjectsOf(string bucket) => bucket switch
    {
        PipelineFixture.BundlesBucket => PipelineResource.BundleObjects,
        PipelineFixture.StateBucket => PipelineResource.StateObjects,
        PipelineFixture.ProjectBucket => PipelineResource.ProjectObjects,
        _ => throw new InvalidOperationException($"the test world has no bucket '{bucket}'"),
    };

    private static Aws.Protocols.IAwsOperation Operation(IReadOnlyList<Aws.Protocols.IAwsOperation> operations, string method) =>
        operations.SingleOrDefault(operation => operation.Name + "Async" == method)
        ?? throw new InvalidOperationException($"{method} is not a generated client operation");

    public void Dispose()
    {
        World.Dispose();
        _output.Dispose();
    }
}

/// <summary>A clock whose monotonic timestamp moves on by a fixed step at each read; its wall time stands still.</summary>
internal sealed class TickingClock(TimeSpan step) : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override DateTimeOffset GetUtcNow() => Now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
}
