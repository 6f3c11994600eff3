using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

public sealed class BundleContentSelectorTests
{
    private static readonly string[] NotebookExcludes = [".ipynb_checkpoints/", "__pycache__/", "*.pyc", ".libs.json"];

    private static InMemorySourceTree Project() => new InMemorySourceTree()
        .File("pipeline.yaml", "pipelineName: Demo\n")
        .File("src/etl/job.py", "x")
        .File("src/etl/__pycache__/job.cpython-312.pyc", "bytecode")
        .File("src/etl/helper.pyc", "bytecode")
        .File("src/notebooks/a.ipynb", "{}")
        .File("src/notebooks/.ipynb_checkpoints/a-checkpoint.ipynb", "{}")
        .File("src/.libs.json", "[]")
        .File("workflows/dags/sample_dag.py", "dag")
        .File("workflows/dags/__pycache__/sample_dag.cpython-312.pyc", "bytecode")
        .File("bundles/Demo-0.9.0.zip", "old bundle")
        .File(".git/HEAD", "ref: refs/heads/main")
        .File("README.md", "# demo");

    private static async Task<List<string>> SelectAsync(ISourceTree tree, params BundleContentRule[] rules) =>
        (await new BundleContentSelector().SelectAsync(tree, rules, CancellationToken.None)).Select(f => f.EntryPath).ToList();

    private static async Task<string> ErrorAsync(ISourceTree tree, params BundleContentRule[] rules) =>
        (await Assert.ThrowsAsync<BundleContentException>(() => new BundleContentSelector().SelectAsync(tree, rules, CancellationToken.None))).Message;

    [Fact]
    public async Task Storage_include_puts_the_directory_under_storage()
    {
        var entries = await SelectAsync(Project(), new BundleContentRule(BundleArea.Storage, ["src"], NotebookExcludes));
        Assert.Equal(["pipeline.yaml", "storage/src/etl/job.py", "storage/src/notebooks/a.ipynb"], entries);
    }

    [Fact]
    public async Task Workflow_include_puts_the_directory_contents_under_workflows()
    {
        var entries = await SelectAsync(Project(), new BundleContentRule(BundleArea.Workflows, ["workflows"], NotebookExcludes));
        Assert.Equal(["pipeline.yaml", "workflows/dags/sample_dag.py"], entries);
    }

    [Fact]
    public async Task Star_includes_every_top_level_entry_but_the_manifest_git_and_bundles_directory()
    {
        var entries = await SelectAsync(Project(), new BundleContentRule(BundleArea.Storage, ["*"], NotebookExcludes));
        Assert.Equal(["README.md", "src/etl/job.py", "src/notebooks/a.ipynb", "workflows/dags/sample_dag.py"],
            entries.Where(e => e != "pipeline.yaml").Select(e => e["storage/".Length..]));
    }

    [Fact]
    public async Task The_manifest_is_always_bundled_as_pipeline_yaml()
    {
        var tree = new InMemorySourceTree().File("ci/my-pipeline.yaml", "pipelineName: Demo\n").File("src/a.py", "x");
        var files = await new BundleContentSelector("ci/my-pipeline.yaml").SelectAsync(tree, [new(BundleArea.Storage, ["src"], [])], CancellationToken.None);
        Assert.Contains(files, f => f.EntryPath == "pipeline.yaml" && f.SourcePath == "ci/my-pipeline.yaml");
    }

    [Fact]
    public async Task A_configured_bundles_directory_is_skipped()
    {
        var tree = Project().File("out/bundles/x.zip", "zip");
        var files = await new BundleContentSelector(bundlesDirectory: "./out/bundles").SelectAsync(tree, [new(BundleArea.Storage, ["*"], [])], CancellationToken.None);
        Assert.DoesNotContain(files, f => f.SourcePath.StartsWith("out/bundles", StringComparison.Ordinal));
        Assert.Contains(files, f => f.SourcePath == "bundles/Demo-0.9.0.zip"); // no longer the bundles directory
    }

    [Fact]
    public async Task Several_items_of_one_area_add_up()
    {
        var entries = await SelectAsync(Project(),
            new BundleContentRule(BundleArea.Storage, ["src/etl"], NotebookExcludes),
            new BundleContentRule(BundleArea.Storage, ["README.md"], []));
        Assert.Equal(["pipeline.yaml", "storage/README.md", "storage/src/etl/job.py"], entries);
    }

    [Fact]
    public async Task A_file_selected_twice_is_bundled_once()
    {
        var entries = await SelectAsync(Project(),
            new BundleContentRule(BundleArea.Storage, ["*"], NotebookExcludes),
            new BundleContentRule(BundleArea.Storage, ["src"], NotebookExcludes));
        Assert.Single(entries, e => e == "storage/src/etl/job.py");
    }

    [Fact]
    public async Task Excludes_are_relative_to_the_include_and_anchored_when_they_contain_a_slash()
    {
        var entries = await SelectAsync(Project(), new BundleContentRule(BundleArea.Storage, ["src"], ["notebooks/*.ipynb", "/etl/"]));
        Assert.Equal(["pipeline.yaml", "storage/src/.libs.json", "storage/src/notebooks/.ipynb_checkpoints/a-checkpoint.ipynb"], entries);
    }

    [Fact]
    public async Task Refuses_a_symbolic_link_naming_it_and_the_manifest_item()
    {
        var message = await ErrorAsync(Project().Link("src/etl/secrets"), new BundleContentRule(BundleArea.Storage, ["src"], []));
        Assert.Contains("bundle.storage[0].include[0] 'src'", message);
        Assert.Contains("'src/etl/secrets' is a symbolic link", message);
    }

    [Fact]
    public async Task An_excluded_symbolic_link_is_not_an_error()
    {
        var entries = await SelectAsync(Project().Link("src/etl/venv"), new BundleContentRule(BundleArea.Storage, ["src"], ["venv"]));
        Assert.DoesNotContain(entries, e => e.Contains("venv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_a_special_file() =>
        Assert.Contains("FIFO", await ErrorAsync(Project().Special("src/pipe"), new BundleContentRule(BundleArea.Storage, ["src"], [])));

    [Fact]
    public async Task Refuses_an_include_that_does_not_exist() =>
        Assert.Contains("bundle.workflow[0].include[0] 'dags': no such file or directory",
            await ErrorAsync(Project(), new BundleContentRule(BundleArea.Workflows, ["dags"], [])));

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc")]
    [InlineData("src\\etl")]
    public async Task Refuses_an_include_outside_the_project(string include) =>
        Assert.Contains("must be a path inside the project", await ErrorAsync(Project(), new BundleContentRule(BundleArea.Storage, [include], [])));

    [Fact]
    public async Task Refuses_a_selection_without_files() =>
        Assert.Contains("select no files", await ErrorAsync(Project(), new BundleContentRule(BundleArea.Storage, ["src/etl"], ["*"])));

    [Fact]
    public async Task Refuses_two_files_that_would_land_on_one_entry()
    {
        var tree = Project().File("more/dags/sample_dag.py", "other");
        var message = await ErrorAsync(tree, new BundleContentRule(BundleArea.Workflows, ["workflows", "more"], []));
        Assert.Contains("would both be bundled as 'workflows/dags/sample_dag.py'", message);
    }

    [Fact]
    public async Task Refuses_names_that_differ_only_by_case() =>
        Assert.Contains("CaseCollision", await ErrorAsync(Project().File("src/etl/JOB.py", "y"), new BundleContentRule(BundleArea.Storage, ["src/etl"], [])));

    [Fact]
    public async Task Refuses_a_file_name_the_reader_would_refuse() =>
        Assert.Contains("backslash", await ErrorAsync(Project().File("src/etl/a\\b.py", "y"), new BundleContentRule(BundleArea.Storage, ["src/etl"], [])));

    [Fact]
    public async Task Refuses_a_negated_exclude_naming_its_position() =>
        Assert.Contains("bundle.storage[0].exclude[1]: exclude pattern '!keep.py'",
            await ErrorAsync(Project(), new BundleContentRule(BundleArea.Storage, ["src"], ["*.py", "!keep.py"])));

    [Fact]
    public async Task Refuses_a_missing_manifest() =>
        Assert.Contains("the manifest 'pipeline.yaml' is missing", await ErrorAsync(new InMemorySourceTree().File("src/a.py", "x"), new BundleContentRule(BundleArea.Storage, ["src"], [])));
}

public sealed class ExcludePatternTests
{
    [Theory]
    [InlineData("*.pyc", "a/b/c.pyc", false, true)]
    [InlineData("*.pyc", "c.py", false, false)]
    [InlineData("__pycache__/", "a/__pycache__", true, true)]
    [InlineData("__pycache__/", "a/__pycache__", false, false)]
    [InlineData(".libs.json", "x/.libs.json", false, true)]
    [InlineData("docs/*.md", "docs/a.md", false, true)]
    [InlineData("docs/*.md", "sub/docs/a.md", false, false)]
    [InlineData("/build", "build", true, true)]
    [InlineData("/build", "src/build", true, false)]
    [InlineData("**/tmp", "a/b/tmp", true, true)]
    [InlineData("data/**/*.csv", "data/x/y/z.csv", false, true)]
    [InlineData("data/**/*.csv", "data/z.csv", false, true)]
    [InlineData("data/**", "data/x", false, true)]
    [InlineData("file?.txt", "file1.txt", false, true)]
    [InlineData("file?.txt", "file10.txt", false, false)]
    [InlineData("[abc]*.log", "b-1.log", false, true)]
    [InlineData("[!abc]*.log", "b-1.log", false, false)]
    [InlineData("[a-c]x", "dx", false, false)]
    [InlineData("\\*literal", "*literal", false, true)]
    [InlineData("*a*b*c", "xxaxxbxxcx", false, false)]
    [InlineData("*a*b*c", "xxaxxbxxc", false, true)]
    public void Matches_like_gitignore(string pattern, string path, bool isDirectory, bool expected) =>
        Assert.Equal(expected, ExcludePattern.Parse(pattern).Matches(path, isDirectory));

    [Theory]
    [InlineData("")]
    [InlineData("!keep")]
    [InlineData("/")]
    [InlineData("a/../b")]
    public void Refuses_patterns_it_cannot_honour(string pattern) =>
        Assert.Throws<FormatException>(() => ExcludePattern.Parse(pattern));
}
