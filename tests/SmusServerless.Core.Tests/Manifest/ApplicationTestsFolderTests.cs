using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>An application manifest's <c>tests.folder</c>: relative to the working directory, bundled at <see cref="TestsFolder.ApplicationBundlePath"/>.</summary>
public sealed class ApplicationTestsFolderTests
{
    private static string WithTests(string folder) => ApplicationSamples.Minimal.Replace("stages:", $"tests:\n  folder: '{folder}'\nstages:", StringComparison.Ordinal);

    [Theory]
    [InlineData("../app_tests")]
    [InlineData("/home/ci/checkout/app_tests")]
    public void A_folder_outside_the_manifests_folder_is_the_users_to_write(string folder)
    {
        Assert.Equal(folder, AssertValid(WithTests(folder)).Tests!.Folder);
    }

    [Fact]
    public void The_bundle_holds_it_at_the_reserved_path_whatever_the_folder_is_called()
    {
        var options = new ManifestLoadOptions { BundleContents = new BundleFileSet(["pipeline.yaml", "storage/src/a.py", "smus-app-tests/test_a.py"]) };

        AssertValid(WithTests("../app_tests"), options: options);
    }

    [Fact]
    public void A_bundle_without_it_is_refused_naming_where_it_was_looked_for()
    {
        var options = new ManifestLoadOptions { BundleContents = new BundleFileSet(["pipeline.yaml", "storage/src/a.py"]) };

        var error = AssertError(WithTests("app_tests"), "tests.folder", DiagnosticCodes.MissingInBundle, options);

        Assert.Contains("smus-app-tests/", error.Message);
    }

    [Fact]
    public void Verify_finds_the_reserved_path_before_the_folders_own_name()
    {
        var bundle = new BundleFileSet(["pipeline.yaml", "app_tests/test_a.py", "smus-app-tests/test_a.py"]);

        Assert.Equal(TestsFolder.ApplicationBundlePath, TestsFolder.Locate("app_tests", bundle));
    }
}
