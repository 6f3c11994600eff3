using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

/// <summary>Deploying an application-format bundle fills the placeholders of the workflow files content.workflows names, and no other file.</summary>
public sealed class WorkflowPlaceholderDeployTests
{
    private const string Manifest = """
        applicationName: demo
        content:
          storage:
            - name: code
              connectionName: default.s3_shared
              include: ['src']
          workflows:
            - workflowName: etl
              connectionName: default.workflow_serverless
        stages:
          dev:
            stage: DEV
            domain: {name: corp, region: us-east-1}
            project: {name: dev-demo}
            deployment_configuration:
              storage:
                - name: code
                  connectionName: default.s3_shared
                  targetDirectory: src
            environment_variables: {MODE: full}
        """;

    private const string Workflow = "etl:\n  dag_id: etl\n  tasks: {}\n  default_args: {owner: '{proj.name}', bucket: '{proj.connection.default.s3_shared.bucket}', mode: '{env.MODE}', stage: '{stage.name}'}\n";
    private const string Resolved = "etl:\n  dag_id: etl\n  tasks: {}\n  default_args: {owner: 'dev-demo', bucket: 'project-bucket', mode: 'full', stage: 'dev'}\n";
    private const string Notes = "title: '{proj.name}'\n";

    private readonly PipelineWorld _world = new();

    private async Task<DeployResult> DeployAsync(string workflow = Workflow, string runId = "run-1")
    {
        var files = new Dictionary<string, string> { ["storage/code/workflows/etl.yaml"] = workflow, ["storage/code/notes.yaml"] = Notes, ["storage/code/a.sql"] = "select 1", ["workflows/dag.py"] = "dag = 1" };
        var bundle = await _world.PublishEntriesAsync("1.0.0", Manifest, files);
        return await _world.Deploy().RunAsync(new DeployInput(Samples.Run(bundle, runId), Samples.Target(), Samples.Project(), 0), CancellationToken.None);
    }

    private async Task<(DeployedFile File, string Text)> DeployedAsync(string bundlePathEnd)
    {
        var record = await _world.Records.ReadCurrentAsync("demo", "dev", CancellationToken.None);
        var file = Assert.Single(record!.Files, f => f.BundlePath.EndsWith(bundlePathEnd, StringComparison.Ordinal));
        await using var stream = await _world.Store.OpenReadAsync(file.Bucket, file.Key, null, CancellationToken.None);
        return (file, await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task The_workflow_file_is_deployed_with_its_placeholders_filled()
    {
        await DeployAsync();

        var (_, text) = await DeployedAsync("workflows/etl.yaml");
        Assert.Equal(Resolved, text);
    }

    [Fact]
    public async Task Other_files_are_deployed_as_the_bundle_has_them()
    {
        await DeployAsync();

        var (file, text) = await DeployedAsync("notes.yaml");
        Assert.Equal(Notes, text);
        Assert.False(file.IsResolved);
    }

    [Fact]
    public async Task The_record_keeps_the_bundle_hash_and_the_deployed_hash()
    {
        await DeployAsync();

        var (file, text) = await DeployedAsync("workflows/etl.yaml");
        Assert.Equal(Sha256(Resolved), file.Sha256);
        Assert.Equal(Sha256(Workflow), file.BundleSha256);
        Assert.True(file.IsResolved);
    }

    [Fact]
    public async Task A_redeploy_compares_the_deployed_bytes_and_finds_nothing_changed()
    {
        await DeployAsync();

        var again = await DeployAsync(runId: "run-2");

        Assert.Equal((0, 0, 3), (again.Deployment!.Added, again.Deployment.Changed, again.Deployment.Unchanged));
        var (file, _) = await DeployedAsync("workflows/etl.yaml");
        Assert.Equal(Sha256(Workflow), file.BundleSha256);
    }

    [Fact]
    public async Task An_unknown_placeholder_fails_the_target_naming_file_line_and_column()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => DeployAsync(Workflow + "  extra: '{proj.owner}'\n"));

        Assert.Equal(PipelineErrors.WorkflowPlaceholder, failure.Error);
        Assert.Contains("storage/code/workflows/etl.yaml:5:11: {proj.owner}: unknown placeholder", failure.Cause, StringComparison.Ordinal);
        Assert.Null(await _world.Records.ReadCurrentAsync("demo", "dev", CancellationToken.None));
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}

public sealed class DeploymentRecordCompatibilityTests
{
    [Fact]
    public async Task A_record_written_before_the_bundle_hash_was_kept_still_reads()
    {
        var world = new PipelineWorld();
        var record = new DeploymentRecord("demo", "dev", "demo", "1.0.0", new BundleReference("b", "k", null), "run-1", DateTimeOffset.UnixEpoch,
            [new DeployedFile("storage/a.sql", "bucket", "key", "abc", 3, "\"etag\"", "def")]);
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(record, PipelineJsonContext.Default.DeploymentRecord))!;
        var file = json.AsObject().First(p => p.Key.Equals("files", StringComparison.OrdinalIgnoreCase)).Value![0]!.AsObject();
        var field = file.First(p => p.Key.Equals("bundleSha256", StringComparison.OrdinalIgnoreCase)).Key;
        file.Remove(field);
        await world.Store.PutAsync(PipelineWorld.StateBucket, StateKeys.CurrentDeployment("demo", "dev"),
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())), Core.Storage.PutOptions.Default, CancellationToken.None);

        var read = await world.Records.ReadCurrentAsync("demo", "dev", CancellationToken.None);

        var only = Assert.Single(read!.Files);
        Assert.Equal(("abc", null), (only.Sha256, only.BundleSha256));
    }
}
