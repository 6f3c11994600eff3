using System.IO.Compression;
using SmusServerless.Cli;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// A smus-cli user's repository and command lines, unchanged: a folder laid out like smus-cli's examples, run from the
/// folder above it with <c>bundle -m … -d …</c> then <c>deploy -m … --local --auto-approve</c>; and a zip made by
/// <c>smus-cli bundle</c> deployed through <c>--bundle-archive-path</c>.
/// </summary>
public sealed class SmusCliCommandLineTests : IDisposable
{
    private const string Manifest = """
        applicationName: NotebookApp
        content:
          storage:
            - name: notebooks
              include: [notebooks/]
            - name: workflows
              include: [workflows/]
          workflows:
            - workflowName: nightly
              connectionName: default.workflow_serverless
        tests:
          folder: app/app_tests
        stages:
          dev:
            stage: DEV
            default: true
            domain: {name: studio, region: us-east-1}
            project: {name: dev-notebooks}
          test:
            stage: TEST
            domain: {name: studio, region: us-east-1}
            project: {name: test-notebooks, create: true, profileName: All capabilities}
            deployment_configuration:
              storage:
                - name: notebooks
                  connectionName: default.s3_shared
                  targetDirectory: notebooks/bundle/notebooks
                - name: workflows
                  connectionName: default.s3_shared
                  targetDirectory: workflows
        """;

    // smus-cli's app tests take smus_config; this one checks it names the target it runs against.
    private const string AppTest = """
        import os


        def test_runs_against_the_deployed_target(smus_config):
            assert smus_config["target_name"] == os.environ["SMUS_TARGET_NAME"]
            assert smus_config["project_name"] == os.environ["SMUS_PROJECT_NAME"]
            assert smus_config["project_name"] in ("dev-notebooks", "test-notebooks")
            assert smus_config["project_id"] and smus_config["domain_id"].startswith("dzd")
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "smus-cli-lines-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Bundle_then_deploy_local_from_the_folder_above_deploys_every_stage_where_smus_cli_puts_the_files_and_runs_the_app_tests()
    {
        Write("app/manifest.yaml", Manifest);
        Write("app/notebooks/analysis.ipynb", "{\"cells\": []}");
        Write("app/workflows/nightly.yaml", "nightly:\n  dag_id: nightly\n");
        Write("app/app_tests/test_target.py", AppTest);

        var bundled = await CliAsync("bundle", "-m", "app/manifest.yaml", "-d", "artifacts", "--version", "1.0.0");
        Assert.True(bundled.Exit == 0, bundled.Output);
        Assert.True(File.Exists(Path.Combine(_root, "artifacts", "NotebookApp-1.0.0.zip")), bundled.Output);

        var deployed = await CliAsync("deploy", "-m", "app/manifest.yaml", "--local", "--auto-approve", "--state-dir", "state");

        Assert.True(deployed.Exit == 0, deployed.Output);
        Assert.Contains("deployment succeeded", deployed.Output, StringComparison.Ordinal);
        var status = await CliAsync("status", "--state-dir", "state");
        Assert.Contains("notebooks/bundle/notebooks/analysis.ipynb", status.Output, StringComparison.Ordinal);
        Assert.Contains("bundle/notebooks/analysis.ipynb", status.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "app", "app_tests", "conftest.py")), "the user's tests folder was written into");
    }

    [Fact]
    public async Task A_smus_cli_zip_is_deployed_through_bundle_archive_path()
    {
        Write("app/manifest.yaml", Manifest.Replace("tests:\n  folder: app/app_tests\n", "", StringComparison.Ordinal));
        var archive = Path.Combine(_root, "NotebookApp.zip");
        using (var zip = ZipFile.Open(archive, ZipArchiveMode.Create))
        {
            // smus-cli bundles each storage item under its name, and nothing else: no manifest, no bundle.json.
            foreach (var (name, text) in new[] { ("notebooks/analysis.ipynb", "{}"), ("workflows/nightly.yaml", "nightly:\n  dag_id: nightly\n") })
            {
                await using var entry = zip.CreateEntry(name).Open();
                await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
            }
        }

        var deployed = await CliAsync("deploy", "-m", "app/manifest.yaml", "--bundle-archive-path", archive, "--local", "--auto-approve", "--state-dir", "state");

        Assert.True(deployed.Exit == 0, deployed.Output);
        Assert.Contains("imported smus-cli bundle", deployed.Output, StringComparison.Ordinal);
        var status = await CliAsync("status", "--state-dir", "state");
        Assert.Contains("notebooks/bundle/notebooks/analysis.ipynb", status.Output, StringComparison.Ordinal);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private async Task<(int Exit, string Output)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var exit = await CliApplication.RunAsync(args, output, output, new Dictionary<string, string?>(),
            new CliOptions { WorkingDirectory = _root });
        return (exit, output.ToString());
    }
}
