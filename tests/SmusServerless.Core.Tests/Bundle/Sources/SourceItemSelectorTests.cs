using SmusServerless.Core.Bundle;
using SmusServerless.Core.Bundle.Sources;

namespace SmusServerless.Core.Tests.Bundle.Sources;

public sealed class SourceItemSelectorTests
{
    private static readonly InMemorySourceTree Tree = new InMemorySourceTree()
        .File("README.md", "r")
        .File("src/a.py", "a")
        .File("src/cache/a.pyc", "c")
        .File("src/lib/b.py", "b")
        .File("data/2024.csv", "1")
        .File("data/2025.csv", "2")
        .File("data/notes.txt", "n")
        .File(".git/HEAD", "ref");

    private static async Task<List<string>> EntriesAsync(SourceItemLayout layout, string[] include, string[]? exclude = null, ISourceTree? tree = null) =>
        [.. (await SourceItemSelector.SelectAsync(tree ?? Tree, new SourceItem("content.x[0]", "p/", include, exclude ?? [], layout), CancellationToken.None)).Select(f => f.EntryPath)];

    [Fact]
    public async Task Without_includes_everything_but_git_is_selected_with_its_paths()
    {
        Assert.Equal(["p/README.md", "p/data/2024.csv", "p/data/2025.csv", "p/data/notes.txt", "p/src/a.py", "p/src/cache/a.pyc", "p/src/lib/b.py"],
            await EntriesAsync(SourceItemLayout.KeepPaths, []));
    }

    [Fact]
    public async Task Keep_paths_keeps_a_folders_path_and_excludes_match_paths_inside_the_item()
    {
        Assert.Equal(["p/src/a.py", "p/src/lib/b.py"], await EntriesAsync(SourceItemLayout.KeepPaths, ["src/"], ["src/cache/"]));
    }

    [Fact]
    public async Task Folder_contents_puts_a_folders_files_at_the_items_root_with_or_without_a_trailing_slash()
    {
        Assert.Equal(["p/a.py", "p/lib/b.py"], await EntriesAsync(SourceItemLayout.FolderContents, ["src"], ["cache/"]));
        Assert.Equal(["p/a.py", "p/lib/b.py"], await EntriesAsync(SourceItemLayout.FolderContents, ["src/"], ["cache/"]));
    }

    [Fact]
    public async Task A_glob_selects_what_it_matches_relative_to_its_leading_folder()
    {
        Assert.Equal(["p/2024.csv", "p/2025.csv"], await EntriesAsync(SourceItemLayout.FolderContents, ["data/*.csv"]));
        Assert.Equal(["p/data/2024.csv", "p/data/2025.csv"], await EntriesAsync(SourceItemLayout.KeepPaths, ["data/*.csv"]));
    }

    [Fact]
    public async Task A_file_include_gives_its_name_in_folder_contents()
    {
        Assert.Equal(["p/b.py"], await EntriesAsync(SourceItemLayout.FolderContents, ["src/lib/b.py"]));
    }

    [Fact]
    public async Task A_missing_include_is_refused_naming_the_item_and_the_include()
    {
        var error = await Assert.ThrowsAsync<BundleContentException>(() => EntriesAsync(SourceItemLayout.KeepPaths, ["nope/"]));

        Assert.Equal("content.x[0].include[0] 'nope/': no such file or folder in memory:/project", error.Message);
    }

    [Fact]
    public async Task A_glob_matching_nothing_is_refused()
    {
        var error = await Assert.ThrowsAsync<BundleContentException>(() => EntriesAsync(SourceItemLayout.KeepPaths, ["data/*.parquet"]));

        Assert.Contains("matches no file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_includes_landing_on_one_path_are_refused_naming_both()
    {
        var tree = new InMemorySourceTree().File("a/x.txt", "1").File("b/x.txt", "2");

        var error = await Assert.ThrowsAsync<BundleContentException>(() => EntriesAsync(SourceItemLayout.FolderContents, ["a", "b"], tree: tree));

        Assert.Equal("content.x[0].include[1] 'b': 'b/x.txt' and 'a/x.txt' would both be bundled as 'p/x.txt'", error.Message);
    }

    [Fact]
    public async Task A_symbolic_link_is_refused()
    {
        var tree = new InMemorySourceTree().File("a/x.txt", "1").Link("a/link");

        var error = await Assert.ThrowsAsync<BundleContentException>(() => EntriesAsync(SourceItemLayout.KeepPaths, [], tree: tree));

        Assert.Contains("'a/link' is a symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paths_outside_the_tree_are_refused()
    {
        await Assert.ThrowsAsync<BundleContentException>(() => EntriesAsync(SourceItemLayout.KeepPaths, ["../etc"]));
    }
}
