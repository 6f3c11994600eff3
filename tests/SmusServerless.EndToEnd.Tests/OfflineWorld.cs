using System.Text;
using System.Text.Json.Nodes;
using SmusServerless.Cli;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
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

    public static string RepositoryRoot { get; } = FindRoot();

    public IEnumerable<string> DetailTypes => Events.Select(e => e["detail-type"]!.GetValue<string>());

    public IEnumerable<JsonObject> OfType(string detailType) => Events.Where(e => e["detail-type"]?.GetValue<string>() == detailType);

    /// <summary>Builds the example into a bundle with the CLI's own bundle command.</summary>
    public async Task<string> BundleAsync(string example, string version)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApplication.RunAsync(
            ["bundle", "-p", Path.Combine(RepositoryRoot, "examples", example), "-o", Path.Combine(StateDirectory, "bundles"), "--version", version, "--author", "dev@example.com", "--json"],
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
            DefinitionPath = Path.Combine(RepositoryRoot, "statemachines", "deployment-pipeline.asl.json"),
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

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
            await run.DisposeAsync();
        try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "SmusServerless.sln"))) dir = dir.Parent;
        return dir.FullName;
    }
}
