using System.Text.Json;
using System.Text.RegularExpressions;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>The pipelines in examples/ validate and are consistent with their own files.</summary>
public partial class ExamplePipelineTests
{
    private static readonly string ExamplesDirectory = Path.Combine(RepositoryRoot(), "examples");

    public static TheoryData<string> Examples => ["marketing-demo", "serverless-etl"];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_validates_with_no_variables_set_and_its_files_as_the_bundle(string example)
    {
        var result = LoadExample(example);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_has_dev_as_existing_project_and_test_and_prod_created_with_a_profile(string example)
    {
        var manifest = LoadExample(example).Manifest!;

        Assert.Equal(["dev", "test", "prod"], manifest.Targets.Select(t => t.Name));
        Assert.False(manifest.FindTarget("dev")!.Create);
        Assert.All(new[] { "test", "prod" }, name =>
        {
            var target = manifest.FindTarget(name)!;
            Assert.True(target.Create);
            Assert.Equal("All capabilities", target.ProfileName);
            Assert.NotEmpty(target.Owners);
        });
        Assert.False(manifest.FindTarget("prod")!.SubscribesToCatalog);
    }

    [Fact]
    public void Marketing_demo_uses_mwaa_and_both_kinds_of_catalog_selector()
    {
        var manifest = LoadExample("marketing-demo").Manifest!;

        Assert.Equal(WorkflowEngine.Mwaa, Assert.Single(manifest.Workflows).Engine);
        Assert.Contains(manifest.Bundle.CatalogAssets, a => a.Selector is SearchAssetSelector { AssetType: "GlueTable", Identifier: "covid19_db.countries_aggregated" });
        Assert.Contains(manifest.Bundle.CatalogAssets, a => a.Selector is AssetIdSelector);
    }

    [Fact]
    public void Marketing_demo_contains_the_files_a_bundle_must_exclude()
    {
        var root = Path.Combine(ExamplesDirectory, "marketing-demo");

        Assert.NotEmpty(Directory.GetFiles(root, "*.pyc", SearchOption.AllDirectories));
        Assert.NotEmpty(Directory.GetDirectories(root, ".ipynb_checkpoints", SearchOption.AllDirectories));
    }

    [Fact]
    public void Marketing_demo_notebook_is_a_valid_nbformat_4_document()
    {
        var path = Directory.GetFiles(Path.Combine(ExamplesDirectory, "marketing-demo", "src"), "*.ipynb", SearchOption.AllDirectories)
            .Single(p => !p.Contains(".ipynb_checkpoints", StringComparison.Ordinal));

        using var notebook = JsonDocument.Parse(File.ReadAllText(path));

        Assert.Equal(4, notebook.RootElement.GetProperty("nbformat").GetInt32());
        Assert.NotEqual(0, notebook.RootElement.GetProperty("cells").GetArrayLength());
    }

    [Fact]
    public void Serverless_dag_placeholders_are_all_defined_by_every_deployment_target()
    {
        var manifest = LoadExample("serverless-etl").Manifest!;
        var dags = Directory.GetFiles(Path.Combine(ExamplesDirectory, "serverless-etl", "workflows", "dags"), "*.yaml");
        var placeholders = dags.SelectMany(d => Placeholder().Matches(File.ReadAllText(d)).Select(m => m.Groups[1].Value)).ToHashSet();

        Assert.NotEmpty(placeholders);
        Assert.All(manifest.DeploymentTargets, target =>
            Assert.Equal([], placeholders.Except(target.EnvironmentVariables.Keys).Order()));
        Assert.Equal(manifest.Workflows.Select(w => w.WorkflowName + ".yaml").Order(), dags.Select(Path.GetFileName).Order());
    }

    private static ManifestLoadResult LoadExample(string example)
    {
        var root = Path.Combine(ExamplesDirectory, example);
        return ManifestLoader.Load(File.ReadAllText(Path.Combine(root, "pipeline.yaml")), "pipeline.yaml",
            DictionaryVariableSource.Empty, new ManifestLoadOptions { BundleContents = new BundleFileSet(BundlePaths(root)) });
    }

    /// <summary>The bundle layout in brief: workflows/ at the root, the rest under storage/, excluded files left out.</summary>
    private static IEnumerable<string> BundlePaths(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "pipeline.yaml" && !f.EndsWith(".pyc", StringComparison.Ordinal)
                        && !f.Contains("__pycache__/", StringComparison.Ordinal) && !f.Contains(".ipynb_checkpoints/", StringComparison.Ordinal))
            .Select(f => f.StartsWith("workflows/", StringComparison.Ordinal) ? f : "storage/" + f);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "SmusServerless.sln"))) return directory.FullName;
        throw new InvalidOperationException("SmusServerless.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
