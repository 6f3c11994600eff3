using System.Text;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Http;

namespace SmusServerless.Cli.Tests;

public sealed class ServeCommandTests
{
    /// <summary>A TextWriter whose text other threads may read while the command writes.</summary>
    private sealed class SharedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        /// <summary>Completes when the command says it is serving.</summary>
        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Write(char value) { lock (_gate) base.Write(value); }

        public override void Write(string? value) { lock (_gate) base.Write(value); Signal(value); }

        public override void WriteLine(string? value) { lock (_gate) base.WriteLine(value); Signal(value); }

        private void Signal(string? value)
        {
            if (value?.Contains("Ctrl-C", StringComparison.Ordinal) == true) Ready.TrySetResult();
        }

        public string Text() { lock (_gate) return ToString(); }
    }

    [Fact]
    public async Task Serve_prints_each_service_and_the_credentials_answers_signed_requests_and_stops_when_cancelled()
    {
        using var state = new TemporaryDirectory();
        var stdout = new SharedWriter();
        var stderr = new SharedWriter();
        using var stop = new CancellationTokenSource();
        var serving = CliApplication.RunAsync(["serve", "--port", "0", "--state-dir", state.Path], stdout, stderr,
            new Dictionary<string, string?>(), new CliOptions { WorkingDirectory = state.Path }, stop.Token);

        // Either it serves, or it ended early (and the assertion below shows why).
        await Task.WhenAny(serving, stdout.Ready.Task);
        var text = stdout.Text();
        Assert.True(text.Contains("Ctrl-C", StringComparison.Ordinal), text + stderr.Text());

        var lines = text.Split('\n');
        var dataZoneLine = Assert.Single(lines, l => l.StartsWith("datazone", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lines, l => l.Contains("'states'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("'events'", StringComparison.Ordinal));
        var credentials = lines.Single(l => l.StartsWith("credentials", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var url = new Uri(dataZoneLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

        var client = new DataZoneClient(AwsClientOptions.ForLocalEndpoint(url, credentials["AWS_ACCESS_KEY_ID"], credentials["AWS_SECRET_ACCESS_KEY"], credentials["AWS_REGION"]));
        var domains = await client.ListDomainsAsync(new ListDomainsInput());
        Assert.NotNull(domains.Items);

        await stop.CancelAsync();
        Assert.Equal(0, await serving);
        Assert.Contains("stopped", stdout.Text(), StringComparison.Ordinal);
    }
}
