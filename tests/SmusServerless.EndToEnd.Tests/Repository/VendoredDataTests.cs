using System.Security.Cryptography;

namespace SmusServerless.EndToEnd.Tests.Repository;

/// <summary>
/// Every vendored folder (vendor/*) records the sha256 of each of its files in SHA256SUMS, next to the README that
/// says where they came from: a file changed, added or dropped without updating its provenance fails here.
/// </summary>
public sealed class VendoredDataTests
{
    private static string[] FolderNames() =>
        [.. Directory.GetDirectories(TestRepository.PathOf("vendor")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static TheoryData<string> Folders() => new(FolderNames());

    [Fact]
    public void The_service_models_and_the_smus_cli_schemas_are_vendored()
    {
        var folders = FolderNames();
        Assert.Contains("aws-models", folders);
        Assert.Contains("smus-cli", folders);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Each_folder_has_a_README_and_a_licence(string folder)
    {
        var root = TestRepository.PathOf("vendor", folder);
        Assert.True(File.Exists(Path.Combine(root, "README.md")), $"vendor/{folder} has no README.md saying where its files came from");
        Assert.True(File.Exists(Path.Combine(root, "LICENSE")), $"vendor/{folder} has no LICENSE");
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void SHA256SUMS_lists_exactly_the_files_of_the_folder_with_their_digests(string folder)
    {
        var root = TestRepository.PathOf("vendor", folder);
        var recorded = File.ReadAllLines(Path.Combine(root, "SHA256SUMS"))
            .Where(line => line.Length > 0)
            .Select(line => (Digest: line[..64], Path: line[66..]))
            .ToDictionary(entry => entry.Path, entry => entry.Digest, StringComparer.Ordinal);
        var present = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => path is not "README.md" and not "SHA256SUMS")
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(present.Except(recorded.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(recorded.Keys.Except(present).Order(StringComparer.Ordinal));
        var changed = recorded
            .Where(entry => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, entry.Key)))) != entry.Value)
            .Select(entry => entry.Key)
            .ToArray();
        Assert.Empty(changed);
    }
}
