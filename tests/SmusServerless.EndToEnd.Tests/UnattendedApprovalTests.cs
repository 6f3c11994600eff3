using Microsoft.Extensions.Time.Testing;
using SmusServerless.Core.Approvals;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>`smus-serverless run` left waiting for a person: the approval expires after the stack's timeout, as on AWS.</summary>
public sealed class UnattendedApprovalTests : IAsyncLifetime
{
    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_gate_nobody_answers_expires_once_the_timeout_has_passed_in_real_time()
    {
        var bundle = await _world.BundleAsync("serverless-etl", "1.0.0");
        var realTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var run = await LocalPipelineRun.StartAsync(new LocalRunOptions
        {
            StateDirectory = Path.Combine(_world.StateDirectory, "unattended"),
            ApprovalTimeout = TimeSpan.FromHours(1),
            RealTime = realTime,
        }, await OfflineWorld.ManifestAsync(bundle), _ => { }, CancellationToken.None);

        // A guard, not a timing: were the gate never to expire, the run would wait forever.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var running = run.RunBundleAsync(bundle, null, guard.Token);
        // The person's side of the wait passes on the fake clock: five minutes per turn until the run ends.
        while (!running.IsCompleted)
        {
            realTime.Advance(TimeSpan.FromMinutes(5));
            await Task.Yield();
        }
        var result = await running;

        Assert.Equal("FAILED", result.Status);
        Assert.Equal(ApprovalErrorNames.Expired, result.Error);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();
}
