using SmusServerless.Core.Pipeline;

namespace SmusServerless.Core.Tests.Pipeline;

public sealed class ExecutionNamesTests
{
    private static readonly BundleReference Bundle = new("bundles", "bundles/p-1.zip", "v1");

    [Fact]
    public void Same_bundle_version_gives_the_same_name()
    {
        Assert.Equal(ExecutionNames.ForBundleVersion("p", Bundle), ExecutionNames.ForBundleVersion("p", Bundle with { }));
    }

    [Fact]
    public void Another_version_of_the_same_key_gives_another_name()
    {
        Assert.NotEqual(ExecutionNames.ForBundleVersion("p", Bundle), ExecutionNames.ForBundleVersion("p", Bundle with { VersionId = "v2" }));
    }

    [Fact]
    public void Names_fit_the_step_functions_rules()
    {
        var name = ExecutionNames.ForBundleVersion(new string('x', 200) + " é/:", Bundle);
        Assert.InRange(name.Length, 1, 80);
        Assert.Matches("^[A-Za-z0-9_-]+$", name);
    }

    [Fact]
    public void Each_request_event_gets_its_own_name()
    {
        Assert.NotEqual(ExecutionNames.ForRequest("p", "e1"), ExecutionNames.ForRequest("p", "e2"));
    }
}
