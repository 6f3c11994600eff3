using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Cli;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Files;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>A state directory, the example bundles built into it, and local pipeline runs over it, recording every event.</summary>
internal sealed class OfflineWorld : IAsyncDisposable
{
    private readonly List<LocalPipelineRun> _runs = [];

    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("smus-e2e-").FullName;

    public List<JsonObject> Events { get; } = [];

    public static string RepositoryRoot { get; } = TestRepository.Root;

    public IEnumerable<string> DetailTypes => Events.Select(e => e["detail-type"]!.GetValue<string>());

    public IEnumerable<JsonObject> OfType(string detailType) => Events.Where(e => e["detail-type"]?.GetValue<string>() == detailType);

    /// <summary>Builds the example into a bundle with the CLI's own bundle command.</summary>
    public Task<string> BundleAsync(string example, string version) =>
        BundleDirectoryAsync(Path.Combine(RepositoryRoot, "examples", example), version);

    /// <summary>Builds a project directory (e.g. an edited <see cref="ExampleCopy"/>) into a bundle with the CLI's bundle command.</summary>
    public async Task<string> BundleDirectoryAsync(string projectDirectory, string version)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApplication.RunAsync(
            ["bundle", "-p", projectDirectory, "-d", Path.Combine(StateDirectory, "bundles"), "--version", version, "--author", "dev@example.com", "--json"],
            stdout, stderr, new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1767225600" });
        Assert.True(exit == 0, stderr.ToString());
        return JsonNode.Parse(stdout.ToString().Trim())!["path"]!.GetValue<string>();
    }

    public static async Task<PipelineManifest> ManifestAsync(string bundlePath)
    {
        using var source = FileRandomAccessSource.Open(bundlePath);
        var reader = await BundleReader.OpenAsync(source);
        var yaml = Encoding.UTF8.GetString(await reader.ReadAllBytesAsync("pipeline.yaml", CancellationToken.None));
        return ManifestLoader.Load(yaml, "pipeline.yaml", DictionaryVariableSource.Empty).Manifest!;
    }

    public async Task<LocalPipelineRun> StartAsync(PipelineManifest manifest, bool autoApprove = true, DataZoneSeed? seed = null)
    {
        var run = await LocalPipelineRun.StartAsync(new LocalRunOptions
        {
            StateDirectory = StateDirectory,
            AutoApprove = autoApprove,
            Seed = seed,
        }, manifest, e => { lock (Events) Events.Add(e); }, CancellationToken.None);
        _runs.Add(run);
        return run;
    }

    /// <summary>Every object (latest versions) under the offline projects bucket: key → content.</summary>
    public async Task<Dictionary<string, string>> ProjectFilesAsync(LocalPipelineRun run)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await run.Store.ListAsync(ManifestSeed.ProjectsBucket, "", token, 1000, CancellationToken.None);
            foreach (var item in page.Objects)
            {
                await using var stream = await run.Store.OpenReadAsync(ManifestSeed.ProjectsBucket, item.Key, null, CancellationToken.None);
                files[item.Key] = await new StreamReader(stream).ReadToEndAsync();
            }
            token = page.NextContinuationToken;
        } while (token is not null);
        return files;
    }

    /// <summary>A copy of an example inside the state directory, for a test to edit before bundling it.</summary>
    public ExampleCopy CopyExample(string example) =>
        ExampleCopy.Create(Path.Combine(RepositoryRoot, "examples", example), Path.Combine(StateDirectory, "sources", Guid.NewGuid().ToString("N")));

    /// <summary>Stores a bundle in the bundles bucket outside the bundles prefix (no upload event starts anything); returns its version id.</summary>
    public static async Task<string> StoreBundleAsync(LocalPipelineRun run, string bundlePath, string key)
    {
        await using var zip = File.OpenRead(bundlePath);
        var stored = await run.Store.PutAsync(LocalPipelineRun.BundlesBucket, key, zip, new PutOptions(ContentType: "application/zip"), CancellationToken.None);
        return stored.VersionId!;
    }

    /// <summary>Sends a "Deployment Requested" event (events/deployment-requested.json) and returns the execution it started.</summary>
    public static async Task<string> RequestDeploymentAsync(LocalPipelineRun run, string key, string versionId, IReadOnlyList<string> targets)
    {
        var before = run.Engine.ListExecutions().ToHashSet(StringComparer.Ordinal);
        await run.Host.Events.PutAsync(new JsonObject
        {
            ["Source"] = "smus.pipeline",
            ["DetailType"] = "Deployment Requested",
            ["Detail"] = new JsonObject
            {
                ["bundle"] = $"s3://{LocalPipelineRun.BundlesBucket}/{key}",
                ["versionId"] = versionId,
                ["targets"] = new JsonArray([.. targets.Select(t => (JsonNode?)JsonValue.Create(t))]),
                ["requestedBy"] = "release-manager@example.com",
            }.ToJsonString(),
        }, CancellationToken.None);
        return Assert.Single(run.Engine.ListExecutions(), arn => !before.Contains(arn));
    }

    /// <summary>The target's current deployment record, or null when nothing was ever deployed to it.</summary>
    public static Task<DeploymentRecord?> CurrentRecordAsync(LocalPipelineRun run, string pipeline, string target) =>
        new DeploymentRecords(run.Store, LocalPipelineRun.StateBucket).ReadCurrentAsync(pipeline, target, CancellationToken.None);

    /// <summary>Every run's deployment record of the target (its history), oldest first.</summary>
    public static async Task<List<DeploymentRecord>> HistoryAsync(LocalPipelineRun run, string pipeline, string target)
    {
        var records = new DeploymentRecords(run.Store, LocalPipelineRun.StateBucket);
        var prefix = $"deployments/{pipeline}/{target}/history/";
        var page = await run.Store.ListAsync(LocalPipelineRun.StateBucket, prefix, null, 1000, CancellationToken.None);
        var history = new List<DeploymentRecord>();
        foreach (var item in page.Objects)
            history.Add((await records.ReadAsync(item.Key, CancellationToken.None))!);
        return [.. history.OrderBy(r => r.DeployedAt)];
    }

    /// <summary>The objects under a target's destination prefix: key relative to the prefix → content.</summary>
    public async Task<Dictionary<string, string>> FilesUnderAsync(LocalPipelineRun run, string prefix) =>
        (await ProjectFilesAsync(run)).Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(f => f.Key[prefix.Length..], f => f.Value, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
            await run.DisposeAsync();
        try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { }
    }
}
