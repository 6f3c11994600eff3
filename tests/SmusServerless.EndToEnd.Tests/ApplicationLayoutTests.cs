using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// A folder laid out as smus-cli's examples are (manifest.yaml, a storage item <c>notebooks</c> with
/// <c>include: [notebooks/]</c>), bundled with the CLI and run offline: each stage gets the item where smus-cli puts it.
/// </summary>
public sealed class ApplicationLayoutTests : IAsyncLifetime
{
    private const string Manifest = """
        applicationName: NotebookApp
        content:
          storage:
            - name: notebooks
              include: [notebooks/]
              exclude: [.ipynb_checkpoints/]
        stages:
          dev:
            stage: DEV
            domain: {name: studio, region: us-east-1}
            project: {name: dev-notebooks}
          test:
            stage: TEST
            domain: {name: studio, region: us-east-1}
            project: {name: test-notebooks}
            deployment_configuration:
              storage:
                - name: notebooks
                  connectionName: default.s3_shared
                  targetDirectory: notebooks/bundle/notebooks
        """;

    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_notebooks_item_lands_under_its_target_directory_in_test_and_under_bundle_in_a_stage_without_deployment_configuration()
    {
        var source = Path.Combine(_world.StateDirectory, "sources", "notebook-app");
        Write(source, "manifest.yaml", Manifest);
        Write(source, "notebooks/analysis.ipynb", "{\"cells\": []}");
        Write(source, "notebooks/.ipynb_checkpoints/analysis-checkpoint.ipynb", "{}");
        var bundle = await _world.BundleDirectoryAsync(Path.Combine(source, "manifest.yaml"), "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var run = await _world.StartAsync(manifest);

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        var files = await _world.ProjectFilesAsync(run);
        var probe = new DataZoneProbe(run.Host.DataZone);
        var domainId = await probe.DomainIdAsync("studio");
        foreach (var (stage, directory) in new[] { ("test", "notebooks/bundle/notebooks"), ("dev", "bundle/notebooks") })
        {
            var project = Assert.Single(await probe.ProjectIdsAsync(domainId, manifest.FindTarget(stage)!.Project.Name));
            var shared = S3Uri.Parse(await probe.ConnectionS3UriAsync(domainId, project, "default.s3_shared"));
            var key = $"{shared.Key.TrimEnd('/')}/{directory}/analysis.ipynb";
            Assert.True(files.ContainsKey(key), $"{stage}: no {key} among {string.Join(", ", files.Keys)}");
            Assert.Equal("{\"cells\": []}", files[key]);
            var record = (await OfflineWorld.CurrentRecordAsync(run, manifest.Name, stage))!;
            Assert.Equal(("storage/notebooks/analysis.ipynb", key), (Assert.Single(record.Files).BundlePath, record.Files[0].Key));
        }
        Assert.DoesNotContain(files.Keys, k => k.Contains("checkpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stage_with_bootstrap_actions_stops_at_Resolve_with_Manifest_Unsupported_and_changes_nothing()
    {
        var source = Path.Combine(_world.StateDirectory, "sources", "bootstrap-app");
        Write(source, "manifest.yaml", Manifest.Replace(
            "    deployment_configuration:", "    bootstrap:\n      actions:\n        - type: cli.print\n          message: hi\n    deployment_configuration:", StringComparison.Ordinal));
        Write(source, "notebooks/analysis.ipynb", "{}");
        var bundle = await _world.BundleDirectoryAsync(Path.Combine(source, "manifest.yaml"), "1.0.0");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var run = await _world.StartAsync(manifest);

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.Equal(PipelineErrors.ManifestUnsupported, result.Error);
        Assert.Contains("stages.test.bootstrap.actions (cli.print)", result.Cause);
        Assert.Empty(await _world.ProjectFilesAsync(run));
        Assert.Null(await OfflineWorld.CurrentRecordAsync(run, manifest.Name, "dev"));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
