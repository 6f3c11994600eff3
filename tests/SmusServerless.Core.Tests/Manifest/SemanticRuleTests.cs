using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

public class SemanticRuleTests
{
    private const string ProdStorage = "      storage: {connectionName: default.s3_shared, directory: src}";

    [Fact]
    public void Refuses_a_second_default_target_naming_the_first()
    {
        var yaml = MinimalWith("project: {name: dev-project}", "project: {name: dev-project}\n    default: true")
            .Replace("project: {name: prod-project, create: true}", "project: {name: prod-project, create: true}\n    default: true", StringComparison.Ordinal);

        var error = AssertError(yaml, "targets.prod.default", DiagnosticCodes.MultipleDefaults);

        Assert.Contains("'dev' already is", error.Message);
    }

    [Fact]
    public void Refuses_a_deployment_target_with_neither_storage_nor_workflows()
    {
        AssertError(MinimalWith(ProdStorage, "      catalog: {disable: true}"), "targets.prod.bundle_target_configuration", DiagnosticCodes.NothingToDeploy);
    }

    [Fact]
    public void Refuses_a_storage_destination_when_the_bundle_has_no_storage()
    {
        var yaml = MinimalWith("  storage:\n    - connectionName: default.s3_shared\n      include: ['src']",
            "  workflow:\n    - connectionName: default.s3_shared\n      include: ['workflows']");

        AssertError(yaml, "targets.prod.bundle_target_configuration.storage", DiagnosticCodes.NothingToDeploy);
    }

    [Fact]
    public void Refuses_a_destination_connection_the_bundle_section_does_not_bundle_from_and_suggests_one()
    {
        var error = AssertError(MinimalWith(ProdStorage, "      storage: {connectionName: default.s3_share, directory: src}"),
            "targets.prod.bundle_target_configuration.storage.connectionName", DiagnosticCodes.ConnectionMismatch);

        Assert.Contains("did you mean 'default.s3_shared'?", error.Message);
    }

    [Fact]
    public void Refuses_a_workflows_destination_connection_not_in_bundle_workflow()
    {
        var yaml = ManifestSamples.TopLevelDomain.Replace(
            "      workflows:\n        connectionName: project.workflow_mwaa\n        directory: workflows\n  prod:",
            "      workflows:\n        connectionName: default.s3_shared\n        directory: workflows\n  prod:", StringComparison.Ordinal);

        AssertError(yaml, "targets.test.bundle_target_configuration.workflows.connectionName", DiagnosticCodes.ConnectionMismatch);
    }

    [Fact]
    public void Refuses_a_git_destination_without_bundle_git()
    {
        AssertError(MinimalWith(ProdStorage, ProdStorage + "\n      git: {connectionName: default.s3_shared, directory: repo}"),
            "targets.prod.bundle_target_configuration.git", DiagnosticCodes.NothingToDeploy);
    }

    [Theory]
    [InlineData("src", "src")]
    [InlineData("src", "src/dags")]
    [InlineData("", "workflows")]
    [InlineData("./src/", "src")]
    public void Refuses_storage_and_workflows_directories_that_overlap_on_one_connection(string storage, string workflows)
    {
        var yaml = MinimalWith("  storage:\n", "  workflow:\n    - connectionName: default.s3_shared\n  storage:\n")
            .Replace(ProdStorage, $"      storage: {{connectionName: default.s3_shared, directory: '{storage}'}}\n" +
                                  $"      workflows: {{connectionName: default.s3_shared, directory: '{workflows}'}}", StringComparison.Ordinal);

        AssertError(yaml, "targets.prod.bundle_target_configuration.workflows.directory", DiagnosticCodes.DirectoryConflict);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/absolute")]
    [InlineData("a\\\\b")]
    [InlineData("src/../../x")]
    public void Refuses_destination_directories_that_leave_the_connection_root(string directory)
    {
        AssertError(MinimalWith("directory: src}", $"directory: \"{directory}\"}}"),
            "targets.prod.bundle_target_configuration.storage.directory", DiagnosticCodes.UnsafePath);
    }

    [Fact]
    public void Refuses_include_entries_that_leave_the_checkout()
    {
        AssertError(MinimalWith("include: ['src']", "include: ['../secrets']"), "bundle.storage[0].include[0]", DiagnosticCodes.UnsafePath);
    }

    [Fact]
    public void Refuses_a_git_target_dir_that_leaves_the_bundle()
    {
        AssertError(MinimalWith("bundle:\n", "bundle:\n  git: {repository: r, url: 'https://example.com/r.git', targetDir: ../g}\n"),
            "bundle.git.targetDir", DiagnosticCodes.UnsafePath);
    }

    [Fact]
    public void Refuses_a_tests_folder_outside_the_checkout()
    {
        AssertError(MinimalWith(ProdStorage, ProdStorage + "\n    tests: {folder: ../tests}"), "targets.prod.tests.folder", DiagnosticCodes.UnsafePath);
    }

    [Fact]
    public void Refuses_a_tests_folder_missing_from_the_given_bundle()
    {
        var options = new ManifestLoadOptions { BundleContents = new BundleFileSet(["pipeline.yaml", "bundle.json", "storage/src/a.py"]) };

        var error = AssertError(MinimalWith(ProdStorage, ProdStorage + "\n    tests: {folder: ./tests}"),
            "targets.prod.tests.folder", DiagnosticCodes.MissingInBundle, options);

        Assert.Contains("'./tests'", error.Message);
    }

    [Theory]
    [InlineData("tests/test_smoke.py")]
    [InlineData("storage/tests/test_smoke.py")]
    public void Accepts_a_tests_folder_at_the_bundle_root_or_under_storage(string entry)
    {
        var options = new ManifestLoadOptions { BundleContents = new BundleFileSet(["pipeline.yaml", entry]) };

        AssertValid(MinimalWith(ProdStorage, ProdStorage + "\n    tests: {folder: ./tests/}"), options: options);
    }

    [Fact]
    public void Does_not_check_the_tests_folder_when_no_bundle_is_given()
    {
        AssertValid(MinimalWith(ProdStorage, ProdStorage + "\n    tests: {folder: ./tests}"));
    }

    [Fact]
    public void Refuses_an_airflow_serverless_workflow_whose_dag_file_is_not_in_the_bundle()
    {
        var options = new ManifestLoadOptions { BundleContents = new BundleFileSet(["workflows/dags/other.yaml", "tests/test_a.py"]) };

        var result = Load(ManifestSamples.ServerlessMarketing, options: options);

        var error = Assert.Single(result.Errors);
        Assert.Equal("workflows[0].workflowName", error.Path);
        Assert.Equal(DiagnosticCodes.MissingInBundle, error.Code);
    }

    [Fact]
    public void Accepts_an_airflow_serverless_workflow_whose_dag_file_is_in_the_bundle()
    {
        var options = new ManifestLoadOptions { BundleContents = new BundleFileSet(["workflows/dags/marketing_dag2.yml", "storage/tests/test_a.py"]) };

        AssertValid(ManifestSamples.ServerlessMarketing, options: options);
    }

    [Fact]
    public void Requires_a_connection_for_mwaa_workflows()
    {
        AssertError(MinimalWith("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: [{workflowName: w}]"),
            "workflows[0].connectionName", DiagnosticCodes.Required);
    }

    [Fact]
    public void Airflow_serverless_workflows_need_no_connection()
    {
        AssertValid(MinimalWith("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: [{workflowName: w, engine: airflow-serverless}]"));
    }

    [Fact]
    public void Refuses_duplicate_workflow_names()
    {
        AssertError(MinimalWith("pipelineName: Minimal",
                "pipelineName: Minimal\nworkflows: [{workflowName: w, connectionName: c}, {workflowName: w, connectionName: c}]"),
            "workflows[1].workflowName", DiagnosticCodes.DuplicateName);
    }

    [Fact]
    public void Refuses_a_target_workflow_not_declared_at_the_top_level_and_suggests_one()
    {
        var yaml = MinimalWith("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: [{workflowName: sample_dag, connectionName: c}]")
            .Replace(ProdStorage, ProdStorage + "\n    workflows: [{workflowName: sample_dga, parameters: {retries: 3}}]", StringComparison.Ordinal);

        var error = AssertError(yaml, "targets.prod.workflows[0].workflowName", DiagnosticCodes.UnknownWorkflow);

        Assert.Contains("did you mean 'sample_dag'?", error.Message);
    }

    [Fact]
    public void Warns_when_bundled_content_has_no_destination_in_a_deployment_target()
    {
        var yaml = MinimalWith("  storage:\n", "  workflow:\n    - connectionName: default.s3_shared\n  storage:\n");

        var result = Load(yaml);

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(DiagnosticCodes.UndeployedContent, warning.Code);
        Assert.Equal("targets.prod.bundle_target_configuration", warning.Path);
        Assert.Contains(": warning: 'bundle.workflow' bundles files", warning.ToString());
    }

    [Fact]
    public void A_target_without_a_domain_is_fine_when_a_top_level_domain_exists()
    {
        var manifest = AssertValid("domain: {name: top, region: us-west-2}\n" +
            MinimalWith("    domain: {name: d, region: us-east-1}\n    project: {name: dev-project}", "    project: {name: dev-project}"));

        Assert.Equal("top", manifest.FindTarget("dev")!.Domain.Name);
        Assert.Equal("d", manifest.FindTarget("prod")!.Domain.Name);
        Assert.False(manifest.FindTarget("prod")!.DomainIsInherited);
    }

    [Fact]
    public void A_broken_top_level_domain_is_reported_once_not_in_every_target()
    {
        var yaml = ManifestSamples.TopLevelDomain.Replace("  region: us-east-1\n", "", StringComparison.Ordinal);

        var result = Load(yaml);

        var error = Assert.Single(result.Errors);
        Assert.Equal("domain.region", error.Path);
    }
}
