using SmusServerless.Core.Pipeline;

namespace SmusServerless.Core.Tests.Pipeline;

public sealed class DeploymentDiffTests
{
    private static PlannedFile Wanted(string key, string sha) => new("storage/" + key, "b", key, sha, 1);

    private static DeployedFile Deployed(string key, string sha, string etag) => new("storage/" + key, "b", key, sha, 1, etag);

    private static DeploymentRecord Record(params DeployedFile[] files) =>
        new("p", "dev", "p", "1", new BundleReference("bundles", "p-1.zip", "v1"), "run", DateTimeOffset.UnixEpoch, files);

    private static Dictionary<(string, string), StoredObject> Stored(params (string Key, string ETag)[] objects) =>
        objects.ToDictionary(o => ("b", o.Key), o => new StoredObject(o.ETag));

    [Fact]
    public void First_deployment_adds_every_file()
    {
        var changes = DeploymentDiff.Compute([Wanted("a", "1"), Wanted("b", "2")], null, Stored());
        Assert.Equal(["a", "b"], changes.Added.Select(f => f.Key));
        Assert.Empty(changes.Changed);
        Assert.Empty(changes.Pruned);
    }

    [Fact]
    public void Unchanged_redeploy_writes_nothing()
    {
        var changes = DeploymentDiff.Compute([Wanted("a", "1")], Record(Deployed("a", "1", "e1")), Stored(("a", "e1")));
        Assert.Empty(changes.ToWrite);
        Assert.Single(changes.Unchanged);
    }

    [Fact]
    public void File_with_new_content_is_changed()
    {
        var changes = DeploymentDiff.Compute([Wanted("a", "2")], Record(Deployed("a", "1", "e1")), Stored(("a", "e1")));
        Assert.Equal(["a"], changes.Changed.Select(f => f.Key));
    }

    [Fact]
    public void File_altered_behind_our_back_is_written_again()
    {
        var changes = DeploymentDiff.Compute([Wanted("a", "1")], Record(Deployed("a", "1", "e1")), Stored(("a", "other")));
        Assert.Equal(["a"], changes.Changed.Select(f => f.Key));
    }

    [Fact]
    public void File_deleted_behind_our_back_is_added_again()
    {
        var changes = DeploymentDiff.Compute([Wanted("a", "1")], Record(Deployed("a", "1", "e1")), Stored());
        Assert.Equal(["a"], changes.Added.Select(f => f.Key));
    }

    [Fact]
    public void File_we_deployed_before_and_the_bundle_no_longer_has_is_pruned()
    {
        var changes = DeploymentDiff.Compute([Wanted("a", "1")], Record(Deployed("a", "1", "e1"), Deployed("old", "9", "e9")),
            Stored(("a", "e1"), ("old", "e9")));
        Assert.Equal(["old"], changes.Pruned.Select(f => f.Key));
    }

    [Fact]
    public void File_someone_changed_after_we_wrote_it_is_never_pruned()
    {
        var changes = DeploymentDiff.Compute([], Record(Deployed("old", "9", "e9")), Stored(("old", "theirs")));
        Assert.Empty(changes.Pruned);
        Assert.Equal(["old"], changes.KeptModified.Select(f => f.Key));
    }

    [Fact]
    public void File_we_never_wrote_is_never_pruned()
    {
        var changes = DeploymentDiff.Compute([Wanted("a", "1")], Record(), Stored(("a", "x"), ("foreign", "f")));
        Assert.Empty(changes.Pruned);
    }
}
