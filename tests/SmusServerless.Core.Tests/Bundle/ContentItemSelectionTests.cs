using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

/// <summary>Application-format storage items from the checkout: each include placed under <c>storage/&lt;name&gt;/</c>.</summary>
public sealed class ContentItemSelectionTests
{
    private static InMemorySourceTree Checkout() => new InMemorySourceTree()
        .File("manifest.yaml", "applicationName: Demo\n")
        .File("notebooks/a.ipynb", "{}")
        .File("notebooks/deep/b.ipynb", "{}")
        .File("notebooks/.ipynb_checkpoints/a-checkpoint.ipynb", "{}")
        .File("src/etl/job.py", "x")
        .File("src/etl/job.pyc", "bytecode")
        .File("src/lib/util.py", "y")
        .File("src/README.md", "# src")
        .File("config.yaml", "k: v")
        .File("artifacts/Demo.zip", "old bundle")
        .File(".git/HEAD", "ref: refs/heads/main");

    private static BundleContentRule Item(string name, string[] include, params string[] exclude) =>
        BundleContentRule.ForStorageItem(0, name, include, exclude);

    private static async Task<List<string>> SelectAsync(ISourceTree tree, params BundleContentRule[] rules) =>
        [.. (await new BundleContentSelector("manifest.yaml", null, "artifacts").SelectAsync(tree, rules, CancellationToken.None))
            .Select(f => f.EntryPath).Where(e => e != BundleEntryName.Manifest)];

    private static async Task<string> ErrorAsync(ISourceTree tree, params BundleContentRule[] rules) =>
        (await Assert.ThrowsAsync<BundleContentException>(() =>
            new BundleContentSelector("manifest.yaml", null, "artifacts").SelectAsync(tree, rules, CancellationToken.None))).Message;

    [Theory]
    [InlineData("notebooks/")]
    [InlineData("notebooks")]
    [InlineData("./notebooks/")]
    public async Task A_folder_with_or_without_a_trailing_slash_puts_its_contents_at_the_items_root(string include)
    {
        var entries = await SelectAsync(Checkout(), Item("notebooks", [include], ".ipynb_checkpoints/"));

        Assert.Equal(["storage/notebooks/a.ipynb", "storage/notebooks/deep/b.ipynb"], entries);
    }

    [Fact]
    public async Task A_file_is_placed_under_its_file_name()
    {
        var entries = await SelectAsync(Checkout(), Item("code", ["src/etl/job.py"]));

        Assert.Equal(["storage/code/job.py"], entries);
    }

    [Fact]
    public async Task A_glob_places_each_match_relative_to_its_folder_without_wildcards()
    {
        var entries = await SelectAsync(Checkout(), Item("code", ["src/**/*.py"]));

        Assert.Equal(["storage/code/etl/job.py", "storage/code/lib/util.py"], entries);
    }

    [Fact]
    public async Task A_glob_matching_a_folder_takes_everything_under_it()
    {
        var entries = await SelectAsync(Checkout(), Item("code", ["src/l?b"]));

        Assert.Equal(["storage/code/lib/util.py"], entries);
    }

    [Fact]
    public async Task A_glob_at_the_root_skips_the_manifest_git_and_output_directory()
    {
        var entries = await SelectAsync(Checkout(), Item("root", ["*"], "notebooks/", "src/"));

        Assert.Equal(["storage/root/config.yaml"], entries);
    }

    [Fact]
    public async Task A_glob_matching_only_what_is_never_bundled_matches_nothing()
    {
        Assert.Contains("matches no file", await ErrorAsync(Checkout(), Item("old", ["artifacts/*.zip"])) + await ErrorAsync(Checkout(), Item("old", ["*/*.zip"])));
    }

    [Fact]
    public async Task Several_includes_are_merged_into_one_item()
    {
        var entries = await SelectAsync(Checkout(), Item("app", ["src/etl/", "config.yaml", "src/lib/*.py"], "*.pyc"));

        Assert.Equal(["storage/app/config.yaml", "storage/app/job.py", "storage/app/util.py"], entries);
    }

    [Fact]
    public async Task Excludes_apply_to_the_placed_path()
    {
        var entries = await SelectAsync(Checkout(), Item("code", ["src/"], "etl/*.pyc", "/lib/", "README.md"));

        Assert.Equal(["storage/code/etl/job.py"], entries);
    }

    [Fact]
    public async Task Two_sources_placed_on_one_path_are_refused_naming_both_and_their_includes()
    {
        var tree = Checkout().File("more/job.py", "other");

        var message = await ErrorAsync(tree, Item("code", ["src/etl/", "more/"], "*.pyc"));

        Assert.Contains("content.storage[0].include[1] 'more/'", message);
        Assert.Contains("'more/job.py' and 'src/etl/job.py' (from content.storage[0].include[0] 'src/etl/')", message);
        Assert.Contains("'storage/code/job.py'", message);
    }

    [Theory]
    [InlineData("docs/*.md", "matches no file")]
    [InlineData("src/*.java", "matches no file")]
    [InlineData("missing/", "no such file or directory")]
    public async Task An_include_that_matches_nothing_is_refused_naming_it(string include, string expected)
    {
        var message = await ErrorAsync(Checkout(), BundleContentRule.ForStorageItem(2, "code", ["src/", include], []));

        Assert.Contains($"content.storage[2].include[1] '{include}': {expected}", message);
    }

    [Fact]
    public async Task A_glob_whose_matches_are_all_excluded_matched_something()
    {
        var entries = await SelectAsync(Checkout(), Item("code", ["src/etl/*", "config.yaml"], "*.py", "*.pyc"));

        Assert.Equal(["storage/code/config.yaml"], entries);
    }

    [Fact]
    public async Task Items_sit_side_by_side_under_their_names()
    {
        var entries = await SelectAsync(Checkout(),
            BundleContentRule.ForStorageItem(0, "notebooks", ["notebooks/"], [".ipynb_checkpoints/"]),
            BundleContentRule.ForStorageItem(1, "code", ["src/etl/job.py"], []));

        Assert.Equal(["storage/code/job.py", "storage/notebooks/a.ipynb", "storage/notebooks/deep/b.ipynb"], entries);
    }

    [Fact]
    public async Task A_symbolic_link_matched_by_a_glob_is_refused()
    {
        Assert.Contains("'src/etl/link.py' is a symbolic link", await ErrorAsync(Checkout().Link("src/etl/link.py"), Item("code", ["src/**/*.py"])));
    }

    [Fact]
    public async Task A_repository_item_selects_from_its_clone_without_the_manifest()
    {
        var clone = new InMemorySourceTree().File("lib/a.py", "a").File("README.md", "r").File(".git/HEAD", "x");

        var files = await new BundleContentSelector().SelectItemAsync(clone, BundleContentRule.ForRepository(0, "shared-utils", [], []), CancellationToken.None);

        Assert.Equal(["repositories/shared-utils/README.md", "repositories/shared-utils/lib/a.py"], files.Select(f => f.EntryPath));
    }

    [Fact]
    public void An_item_name_that_is_not_one_folder_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BundleContentRule.ForStorageItem(0, "../up", ["src/"], []));
    }
}
