using System.Text.Json;
using SmusServerless.Cli.Publishing;
using SmusServerless.Core.Storage;

namespace SmusServerless.Cli.Tests;

/// <summary>What one in-process run of the CLI gave.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The stdout lines parsed as JSON documents (with --json every line must be one).</summary>
    public IReadOnlyList<JsonElement> Documents() =>
        [.. Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    public JsonElement Document() => Assert.Single(Documents());

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs <see cref="CliApplication"/> in-process with captured output, a chosen environment and working directory.</summary>
internal sealed class CliRunner(string workingDirectory)
{
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public IObjectStore? ObjectStore { get; set; }

    /// <summary>What the CLI's clock reads.</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The endpoints publish asked for, in order.</summary>
    public List<ObjectStoreEndpoint> Connections { get; } = [];

    public async Task<CliRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var options = new CliOptions
        {
            WorkingDirectory = workingDirectory,
            Clock = new FixedClock(Now),
            ObjectStores = ObjectStore is null ? new UnavailableObjectStores() : new FixedObjectStoreConnector(ObjectStore, Connections),
        };
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr, Environment, options, CancellationToken.None);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class FixedObjectStoreConnector(IObjectStore store, List<ObjectStoreEndpoint> connections) : IObjectStoreConnector
    {
        public ObjectStoreConnection Connect(ObjectStoreEndpoint endpoint)
        {
            connections.Add(endpoint);
            return new ObjectStoreConnection(store);
        }
    }

    /// <summary>Fails the test if a command reaches for storage it should not need.</summary>
    private sealed class UnavailableObjectStores : IObjectStoreConnector
    {
        public ObjectStoreConnection Connect(ObjectStoreEndpoint endpoint) =>
            throw new InvalidOperationException("this test gave the CLI no object store");
    }
}
