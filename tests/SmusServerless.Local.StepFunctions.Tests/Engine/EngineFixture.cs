using SmusServerless.Local.StepFunctions.Tasks;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Engine;

/// <summary>A local engine on a virtual clock in a fresh state directory.</summary>
public sealed class EngineFixture : IDisposable
{
    private readonly TempStateDirectory _dir = new();

    public EngineFixture()
    {
        Engine = Create();
    }

    public VirtualTimeProvider Clock { get; } = new();

    public RecordingLambdaInvoker Lambda { get; } = new();

    public RecordingEventBridgePublisher Events { get; } = new();

    public ILocalBuildRunner? Builds { get; set; }

    public LocalStepFunctions Engine { get; private set; }

    public string StateDirectory => _dir.Path;

    /// <summary>Another engine over the same state directory, as another process (or a restart) would have.</summary>
    public LocalStepFunctions Create() => new(new LocalStepFunctionsOptions
    {
        StateDirectory = _dir.Path,
        Clock = Clock,
        LambdaInvoker = Lambda,
        EventBridge = Events,
        BuildRunner = Builds,
    });

    public LocalStepFunctions Recreate() => Engine = Create();

    public async Task<string> StartAsync(string definition, string input = "{}", string machine = "machine", string? name = null)
    {
        var sm = Engine.CreateStateMachine(machine, definition);
        return (await Engine.StartExecutionAsync(sm.StateMachineArn, name, input)).ExecutionArn;
    }

    public async Task<ExecutionDescription> RunAsync(string definition, string input = "{}")
    {
        var arn = await StartAsync(definition, input);
        await Engine.RunUntilIdleAsync();
        return Engine.DescribeExecution(arn);
    }

    public void Dispose() => _dir.Dispose();
}
