namespace SmusServerless.EndToEnd.Tests;

/// <summary>The local stack records every Lambda invocation it makes (what the cost benchmark prices).</summary>
public sealed class FunctionInvocationTests : IAsyncLifetime
{
    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_run_records_one_invocation_per_task_the_state_machine_ran()
    {
        var bundle = await _world.BundleAsync("serverless-etl", "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle));

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        var handlers = run.Invocations.Select(i => i.Handler).ToList();
        Assert.Equal("start", handlers[0]);
        Assert.Equal("complete-run", handlers[^1]);
        Assert.Equal(3, handlers.Count(h => h == "deploy"));
        Assert.Equal(1, handlers.Count(h => h == "request-approval"));
        Assert.DoesNotContain(run.Invocations, i => i.Failed);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();
}
