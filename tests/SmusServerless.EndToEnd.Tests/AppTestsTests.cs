using System.Text.Json.Nodes;
using System.Xml.Linq;
using SmusServerless.Cli;
using SmusServerless.Local.Pipeline;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// A smus-cli user's app tests, unchanged: an application manifest whose <c>tests.folder</c> is relative to the working
/// directory (here outside the manifest's folder), a test that takes <c>smus_config</c>, and the user's own conftest.py.
/// </summary>
public sealed class AppTestsTests : IAsyncLifetime
{
    private const string Manifest = """
        applicationName: NotebookApp
        content:
          storage:
            - name: notebooks
              include: [notebooks/]
        tests:
          folder: app_tests
        stages:
          dev:
            stage: DEV
            default: true
            domain: {name: demo-domain, region: us-east-1}
            project: {name: dev-notebooks}
            environment_variables: {LOG_LEVEL: debug}
          test:
            stage: TEST
            domain: {name: demo-domain, region: us-east-1}
            project: {name: test-notebooks, create: true, profileName: All capabilities}
        """;

    private const string UserConftest = "\"\"\"The user's own conftest: it must stay as it is.\"\"\"\nimport pytest\n\n\n@pytest.fixture\ndef greeting():\n    return 'hello'\n";

    // Hands what the test saw back through the JUnit report, which the pipeline keeps in the state bucket.
    private const string AppTest = """
        import json
        import os


        def test_sees_the_deployed_target(smus_config, greeting, record_property):
            record_property("smus_config", json.dumps(smus_config))
            record_property("environment", json.dumps({k: v for k, v in os.environ.items() if k.startswith("SMUS_") and k not in ("SMUS_TEST_PLUGIN", "SMUS_TEST_CONFIG_JSON")}))
            record_property("files", json.dumps(sorted(os.listdir(".")), separators=(",", ":")))
            assert greeting == "hello"
        """;

    private readonly OfflineWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Smus_config_and_the_SMUS_variables_name_each_deployed_target_and_the_users_conftest_is_left_byte_for_byte()
    {
        var root = Path.Combine(_world.StateDirectory, "checkout");
        Write(root, "app/manifest.yaml", Manifest);
        Write(root, "app/notebooks/etl.py", "print('etl')\n");
        Write(root, "app_tests/conftest.py", UserConftest);
        Write(root, "app_tests/test_target.py", AppTest);
        var conftest = await File.ReadAllBytesAsync(Path.Combine(root, "app_tests", "conftest.py"));

        var bundle = await BundleFromAsync(root, "app/manifest.yaml");
        var manifest = await OfflineWorld.ManifestAsync(bundle);
        var run = await _world.StartAsync(manifest);
        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        var probe = new DataZoneProbe(run.Host.DataZone);
        var domainId = await probe.DomainIdAsync("demo-domain");
        foreach (var (target, stage, project) in new[] { ("dev", "DEV", "dev-notebooks"), ("test", "TEST", "test-notebooks") })
        {
            var projectId = Assert.Single(await probe.ProjectIdsAsync(domainId, project));
            var properties = await ReportPropertiesAsync(run, target);

            var config = JsonNode.Parse(properties["smus_config"])!.AsObject();
            Assert.Equal(
                ["region", "account_id", "project_id", "project_name", "domain_id", "domain_name", "target_name", "env"],
                config.Select(p => p.Key));
            Assert.Equal("us-east-1", (string?)config["region"]);
            Assert.Equal("123456789012", (string?)config["account_id"]);
            Assert.Equal(projectId, (string?)config["project_id"]);
            Assert.Equal(project, (string?)config["project_name"]);
            Assert.Equal(domainId, (string?)config["domain_id"]);
            Assert.Equal("demo-domain", (string?)config["domain_name"]);
            Assert.Equal(target, (string?)config["target_name"]);
            Assert.Equal(target == "dev" ? """{"LOG_LEVEL":"debug"}""" : "{}", config["env"]!.ToJsonString());

            var environment = JsonNode.Parse(properties["environment"])!.AsObject();
            Assert.Equal(domainId, (string?)environment["SMUS_DOMAIN_ID"]);
            Assert.Equal(projectId, (string?)environment["SMUS_PROJECT_ID"]);
            Assert.Equal(project, (string?)environment["SMUS_PROJECT_NAME"]);
            Assert.Equal(target, (string?)environment["SMUS_TARGET_NAME"]);
            Assert.Equal(stage, (string?)environment["SMUS_STAGE"]);
            Assert.Equal("us-east-1", (string?)environment["SMUS_REGION"]);
            Assert.Equal("demo-domain", (string?)environment["SMUS_DOMAIN_NAME"]);
            Assert.False(environment.ContainsKey("LOG_LEVEL")); // smus-cli passes environment_variables in smus_config only

            // The tests ran in their folder, which held only the user's files: no generated conftest or config beside them.
            Assert.Equal("""["conftest.py","test_target.py"]""", properties["files"]);
        }
        Assert.Equal(conftest, await File.ReadAllBytesAsync(Path.Combine(root, "app_tests", "conftest.py")));
        Assert.Equal(["conftest.py", "test_target.py"], Directory.GetFiles(Path.Combine(root, "app_tests")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>Runs <c>bundle -m MANIFEST</c> from <paramref name="workingDirectory"/>, as a smus-cli user does from their checkout.</summary>
    private async Task<string> BundleFromAsync(string workingDirectory, string manifest)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApplication.RunAsync(
            ["bundle", "-m", manifest, "-d", Path.Combine(_world.StateDirectory, "bundles"), "--version", "1.0.0", "--json"],
            stdout, stderr, new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1767225600" },
            new CliOptions { WorkingDirectory = workingDirectory });
        Assert.True(exit == 0, stdout + stderr.ToString());
        return JsonNode.Parse(stdout.ToString().Trim())!["path"]!.GetValue<string>();
    }

    /// <summary>The properties the target's one test recorded in its JUnit report.</summary>
    private static async Task<Dictionary<string, string>> ReportPropertiesAsync(LocalPipelineRun run, string target)
    {
        var page = await run.Store.ListAsync(LocalPipelineRun.StateBucket, $"test-reports/NotebookApp/{target}/", null, 10, CancellationToken.None);
        var report = Assert.Single(page.Objects);
        await using var stream = await run.Store.OpenReadAsync(LocalPipelineRun.StateBucket, report.Key, null, CancellationToken.None);
        var xml = await XDocument.LoadAsync(stream, LoadOptions.None, CancellationToken.None);
        var testCase = Assert.Single(xml.Descendants("testcase"));
        Assert.Empty(testCase.Elements("failure").Concat(testCase.Elements("error")));
        return testCase.Descendants("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
    }

    private static void Write(string root, string relativePath, string content)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
