using SmusServerless.Core.Bundle;
using SmusServerless.Core.Bundle.Sources;

namespace SmusServerless.Core.Tests.Bundle.Sources;

public sealed class MountedSourceTreeTests
{
    private readonly MountedSourceTree _tree = new([
        new("checkout", new InMemorySourceTree().File("a.txt", "checkout")),
        new("git/0", new InMemorySourceTree().File("src/b.py", "git")),
    ]);

    [Fact]
    public async Task Paths_under_a_mount_read_from_its_tree()
    {
        using var reader = new StreamReader(await _tree.OpenReadAsync("git/0/src/b.py", CancellationToken.None));

        Assert.Equal("git", await reader.ReadToEndAsync());
        Assert.Equal(new SourceEntry("git/0/src/b.py", SourceEntryKind.File, 3), await _tree.GetEntryAsync("git/0/src/b.py", CancellationToken.None));
    }

    [Fact]
    public async Task Folders_above_the_mounts_list_the_mounts()
    {
        var root = new List<string>();
        await foreach (var entry in _tree.ListAsync("", CancellationToken.None))
            root.Add(entry.Path);

        Assert.Equal(["checkout", "git"], root.Order(StringComparer.Ordinal));
        Assert.Equal(SourceEntryKind.Directory, (await _tree.GetEntryAsync("git", CancellationToken.None))!.Kind);
    }

    [Fact]
    public async Task A_path_under_no_mount_does_not_exist()
    {
        Assert.Null(await _tree.GetEntryAsync("elsewhere/a.txt", CancellationToken.None));
    }

    [Fact]
    public void Overlapping_mounts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new MountedSourceTree([new("git", new InMemorySourceTree()), new("git/0", new InMemorySourceTree())]));
    }
}
