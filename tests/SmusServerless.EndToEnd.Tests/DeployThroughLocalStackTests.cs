using SmusServerless.Cli;
using SmusServerless.Cli.Publishing;
using SmusServerless.Core.Storage;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// <c>deploy</c> on its AWS code path against the local endpoints: CloudFormation DescribeStacks answered by the local
/// stack, the bundle published into its bundles bucket (which starts the execution, as on AWS), the execution followed
/// with DescribeExecution and GetExecutionHistory over the wire. Deploy's waits are on a clock that runs the local
/// engine instead of sleeping.
/// </summary>
public sealed class DeployThroughLocalStackTests : IAsyncLifetime
{
    private readonly OfflineWorld _world = new();
    private LocalPipelineRun _run = null!;
    private string _bundle = "";

    public async Task InitializeAsync()
    {
        _bundle = await _world.BundleAsync("marketing-demo", "1.0.0");
        _run = await _world.StartAsync(await OfflineWorld.ManifestAsync(_bundle), autoApprove: true);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<(int Exit, string Stdout, string Stderr)> DeployAsync(Func<Task> onWait, params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var credentials = _run.Host.Credentials;
        var exit = await CliApplication.RunAsync(
            ["deploy", "-m", Path.Combine(OfflineWorld.RepositoryRoot, "examples", "marketing-demo", "pipeline.yaml"), "--bundle-archive-path", _bundle,
             "--stack", LocalPipelineRun.StackName, "--endpoint-url", _run.Host.BaseUrl.ToString(), .. extra],
            stdout, stderr,
            new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey, ["AWS_REGION"] = credentials.Region,
            },
            new CliOptions { WorkingDirectory = _world.StateDirectory, Clock = new EngineDrivingClock(onWait), ObjectStores = new LocalStore(_run.Store) });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string StateMachineArn => _run.Host.Stack!.Outputs["StateMachineArn"];

    [Fact]
    public async Task Deploy_through_the_stack_stops_at_the_approval_gate_naming_the_approvers_with_exit_3()
    {
        var (exit, stdout, stderr) = await DeployAsync(() => _run.Engine.RunUntilIdleAsync(CancellationToken.None));

        Assert.True(exit == ExitCodes.AwaitingApproval, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains($"stack {LocalPipelineRun.StackName}: bundles s3://{LocalPipelineRun.BundlesBucket}/bundles/", stdout);
        Assert.Contains("  step Request approval", stdout);
        Assert.Contains("waiting for approval: target", stdout);
        Assert.Contains("2 of approver-1@local, approver-2@local", stdout);
        var execution = Assert.Single(_run.Engine.ListExecutions(StateMachineArn));
        Assert.Equal("RUNNING", _run.Engine.DescribeExecution(execution).Status);
    }

    [Fact]
    public async Task Deploy_with_wait_for_approval_follows_the_run_past_the_votes_to_its_outcome()
    {
        // While deploy waits, the local approvers vote (auto-approve) and the run goes to its end.
        var (exit, stdout, stderr) = await DeployAsync(async () =>
        {
            foreach (var arn in _run.Engine.ListExecutions(StateMachineArn).Where(a => _run.Engine.DescribeExecution(a).Status == "RUNNING"))
                await _run.RunToEndAsync(arn, CancellationToken.None);
        }, "--wait-for-approval");

        Assert.True(exit == ExitCodes.Success, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("  step Request approval", stdout);
        Assert.DoesNotContain("waiting for approval", stdout);
        Assert.Contains("deployment succeeded", stdout);
    }

    [Fact]
    public async Task A_stack_that_does_not_exist_is_named_in_the_error()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var credentials = _run.Host.Credentials;
        var exit = await CliApplication.RunAsync(
            ["deploy", "-m", Path.Combine(OfflineWorld.RepositoryRoot, "examples", "marketing-demo", "pipeline.yaml"), "--bundle-archive-path", _bundle,
             "--stack", "no-such-stack", "--endpoint-url", _run.Host.BaseUrl.ToString()],
            stdout, stderr,
            new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey, ["AWS_REGION"] = credentials.Region },
            new CliOptions { WorkingDirectory = _world.StateDirectory, ObjectStores = new LocalStore(_run.Store) });

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("stack 'no-such-stack': ValidationError: Stack with id no-such-stack does not exist", stderr.ToString());
        Assert.Empty(_run.Engine.ListExecutions(StateMachineArn));
    }

    private sealed class LocalStore(IObjectStore store) : IObjectStoreConnector
    {
        public ObjectStoreConnection Connect(ObjectStoreEndpoint endpoint) => new(store);
    }

    /// <summary>A clock whose every wait first lets the local stack work (<paramref name="onWait"/>), then passes at once.</summary>
    private sealed class EngineDrivingClock(Func<Task> onWait) : TimeProvider
    {
        private readonly DateTimeOffset _start = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
        private long _elapsedTicks;

        public override DateTimeOffset GetUtcNow() => _start.AddTicks(Interlocked.Read(ref _elapsedTicks));

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new OneShot();
            if (dueTime != Timeout.InfiniteTimeSpan)
                _ = Task.Run(async () =>
                {
                    await onWait();
                    Interlocked.Add(ref _elapsedTicks, dueTime.Ticks);
                    if (!timer.Disposed) callback(state);
                });
            return timer;
        }

        private sealed class OneShot : ITimer
        {
            public bool Disposed { get; private set; }
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() => Disposed = true;
            public ValueTask DisposeAsync() { Disposed = true; return ValueTask.CompletedTask; }
        }
    }
}
