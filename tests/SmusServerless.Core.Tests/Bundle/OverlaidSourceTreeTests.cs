using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

/// <summary>A tree overlaid at one top-level name: how an application manifest's tests folder reaches the bundle from outside the manifest's folder.</summary>
public sealed class OverlaidSourceTreeTests
{
    private static readonly OverlaidSourceTree Tree = new(
        new InMemorySourceTree().File("pipeline.yaml", "m").File("src/a.py", "a").File("mnt/hidden.py", "h"),
        "mnt",
        new InMemorySourceTree().File("test_a.py", "t").File("sub/conftest.py", "c"));

    [Fact]
    public async Task The_mounted_trees_files_appear_under_the_mount_name()
    {
        var entry = await Tree.GetEntryAsync("mnt/sub/conftest.py", CancellationToken.None);

        Assert.Equal(new SourceEntry("mnt/sub/conftest.py", SourceEntryKind.File, 1), entry);
        await using var stream = await Tree.OpenReadAsync("mnt/sub/conftest.py", CancellationToken.None);
        Assert.Equal("c", await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task The_root_lists_the_base_trees_entries_and_the_mount_once_hiding_the_base_entry_of_that_name()
    {
        var root = new List<SourceEntry>();
        await foreach (var entry in Tree.ListAsync("", CancellationToken.None)) root.Add(entry);

        Assert.Equal(["mnt", "pipeline.yaml", "src"], root.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Null(await Tree.GetEntryAsync("mnt/hidden.py", CancellationToken.None));
    }

    [Fact]
    public async Task The_selector_bundles_the_mounted_folder_under_the_mount_name()
    {
        var files = await new BundleContentSelector().SelectAsync(Tree, [new BundleContentRule(BundleArea.Tests, ["mnt"], [])], CancellationToken.None);

        Assert.Equal(["mnt/sub/conftest.py", "mnt/test_a.py", "pipeline.yaml"], files.Select(f => f.EntryPath));
    }
}
