using SmusServerless.Local.StepFunctions.Execution;

namespace SmusServerless.Local.StepFunctions.Tests.Engine;

/// <summary>The run loop visits only running executions, however many finished ones the state directory holds.</summary>
public sealed class RunningExecutionsTests : IDisposable
{
    private const string Passing = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";
    private const string Waiting = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"P"},"P":{"Type":"Pass","End":true}}}""";

    private readonly EngineFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Finished_executions_are_not_read_again_by_the_run_loop()
    {
        var finished = (await _f.RunAsync(Passing)).ExecutionArn;
        // Were the loop to read finished executions, this unreadable file would break it.
        File.WriteAllText(ExecutionFile(finished), "not json");

        var next = await _f.RunAsync(Passing);

        Assert.Equal(ExecutionStatus.Succeeded, next.Status);
    }

    [Fact]
    public async Task A_state_directory_without_running_markers_is_indexed_when_opened()
    {
        var arn = await _f.StartAsync(Waiting, name: "from-before");
        Assert.Equal(ExecutionStatus.Running, _f.Engine.DescribeExecution(arn).Status);
        Directory.Delete(Path.Combine(_f.StateDirectory, "running"), recursive: true);

        var engine = _f.Recreate();
        // Unindexed, the execution would never be advanced: the guard turns that hang into a failure.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await engine.RunUntilFinishedAsync(arn, cancellationToken: guard.Token);

        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
    }

    private string ExecutionFile(string executionArn)
    {
        var name = executionArn[(executionArn.LastIndexOf(':') + 1)..];
        return Assert.Single(Directory.GetFiles(Path.Combine(_f.StateDirectory, "executions"), name + "-*.json"));
    }
}
