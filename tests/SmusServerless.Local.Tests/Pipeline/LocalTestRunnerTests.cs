using SmusServerless.Core.Bundle;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;
using SmusServerless.Local.Files;
using SmusServerless.Local.Pipeline;
using SmusServerless.Local.S3;

namespace SmusServerless.Local.Tests.Pipeline;

/// <summary>The offline test build: pytest in the bundle's tests folder with smus_config from our plugin and boto3 on the local stack.</summary>
public sealed class LocalTestRunnerTests : IDisposable
{
    private const string Bucket = "bundles";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("smus-runner-");
    private readonly FileObjectStore _store;

    public LocalTestRunnerTests()
    {
        _store = new FileObjectStore(Path.Combine(_root.FullName, "s3"));
        _store.CreateBucket(Bucket);
    }

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task The_plugins_smus_config_is_the_config_document_of_the_target()
    {
        var result = await RunAsync(new Dictionary<string, string>
        {
            ["test_config.py"] = """
                import json, os
                def test_config(smus_config):
                    assert smus_config == {"region": "eu-west-1", "account_id": "111122223333", "project_id": "p1", "project_name": "dev-project",
                                           "domain_id": "dzd_1", "domain_name": "d", "target_name": "dev", "env": {"A": "1"}}
                    assert json.load(open(os.environ["SMUS_TEST_CONFIG"])) == smus_config
                    assert not os.environ["SMUS_TEST_CONFIG"].startswith(os.getcwd())
                """,
        });

        Assert.True(result.Succeeded, result.Logs);
    }

    [Fact]
    public async Task A_users_conftest_that_defines_smus_config_wins_over_the_plugin()
    {
        var result = await RunAsync(new Dictionary<string, string>
        {
            ["conftest.py"] = "import pytest\n\n@pytest.fixture(scope='session')\ndef smus_config():\n    return {'mine': True}\n",
            ["test_override.py"] = "def test_override(smus_config):\n    assert smus_config == {'mine': True}\n",
        });

        Assert.True(result.Succeeded, result.Logs);
    }

    [Fact]
    public async Task Boto3_in_the_tests_reaches_the_local_endpoint_with_the_local_credentials_and_no_session_token()
    {
        var result = await RunAsync(new Dictionary<string, string>
        {
            ["test_boto3.py"] = """
                import boto3
                def test_client():
                    client = boto3.client("s3")
                    assert client.meta.endpoint_url == "http://127.0.0.1:4599"
                    credentials = boto3.Session().get_credentials()
                    assert (credentials.access_key, credentials.secret_key, credentials.token) == ("AKIALOCAL", "local-secret", None)
                    assert client.meta.region_name == "us-east-1"
                """,
        }, new LocalTestAws(new Uri("http://127.0.0.1:4599/"), "AKIALOCAL", "local-secret", "us-east-1"),
            extra: new Dictionary<string, string> { ["AWS_SESSION_TOKEN"] = "must-not-reach-the-tests", ["AWS_PROFILE"] = "production" });

        Assert.True(result.Succeeded, result.Logs);
    }

    private async Task<StepFunctions.Tasks.LocalBuildResult> RunAsync(
        IReadOnlyDictionary<string, string> tests, LocalTestAws? aws = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var source = Directory.CreateDirectory(Path.Combine(_root.FullName, "source")).FullName;
        File.WriteAllText(Path.Combine(source, "pipeline.yaml"), "applicationName: App\n");
        var files = new List<BundleContentFile> { new("pipeline.yaml", "pipeline.yaml", new FileInfo(Path.Combine(source, "pipeline.yaml")).Length) };
        Directory.CreateDirectory(Path.Combine(source, "app_tests"));
        foreach (var (name, content) in tests)
        {
            var path = Path.Combine(source, "app_tests", name);
            File.WriteAllText(path, content);
            files.Add(new BundleContentFile($"{TestsFolder}/{name}", $"app_tests/{name}", new FileInfo(path).Length));
        }
        using var zip = new MemoryStream();
        await new BundleWriter().WriteAsync(zip, new BundleMetadata("App", "1.0.0", DateTimeOffset.UnixEpoch, new BundleSource(null, null)),
            files, new DirectorySourceTree(source), CancellationToken.None);
        zip.Position = 0;
        var stored = await _store.PutAsync(Bucket, "bundles/App-1.0.0.zip", zip, PutOptions.Default, CancellationToken.None);

        var run = new RunContext("run-1", "App", new BundleReference(Bucket, stored.Key, stored.VersionId), "App", "1.0.0", null, null, null, 3600, DateTimeOffset.UnixEpoch);
        var target = new PlannedTarget("dev", "DEV", false, new TargetDomain("d", "eu-west-1", "dzd_1"), "dev-project", "p1", false, 0);
        var config = new TestConfig("eu-west-1", "111122223333", "p1", "dev-project", "dzd_1", "d", "dev", new Dictionary<string, string> { ["A"] = "1" });
        var environment = TestEnvironment.For(run, target, config, TestsFolder, $"s3://{Bucket}/reports/dev.xml")
            .Concat(extra ?? new Dictionary<string, string>()).ToDictionary(v => v.Key, v => v.Value);

        var runner = new LocalTestRunner(_store, Path.Combine(_root.FullName, "builds"), null, () => aws);
        return await runner.RunAsync("tests", environment, CancellationToken.None);
    }

    private const string TestsFolder = Core.Manifest.TestsFolder.ApplicationBundlePath;
}
