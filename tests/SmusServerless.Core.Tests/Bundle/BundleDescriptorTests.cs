using System.Text;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

public sealed class BundleDescriptorTests
{
    private static readonly BundleDescriptor Sample = new(1, "Demo", "2.0.0", new DateTimeOffset(2026, 1, 31, 13, 0, 0, TimeSpan.FromHours(1)),
        new BundleSource("abc", null), [new BundleFileRecord("pipeline.yaml", 3, new string('a', 64))]);

    [Fact]
    public void Serialises_with_camel_case_keys_and_a_utc_timestamp()
    {
        var json = Encoding.UTF8.GetString(Sample.ToJsonBytes());
        Assert.Contains("\"formatVersion\": 1", json);
        Assert.Contains("\"created\": \"2026-01-31T12:00:00Z\"", json);
        Assert.Contains("\"author\": null", json);
        Assert.DoesNotContain("repository", json);
        Assert.Contains("\"sha256\": \"aaaa", json);
    }

    [Fact]
    public void Parses_what_it_writes() =>
        Assert.Equivalent(Sample with { Created = Sample.Created.ToUniversalTime() }, BundleDescriptor.Parse(Sample.ToJsonBytes()));

    [Theory]
    [InlineData("files[0].sha256 is not 64 lowercase hex digits", "pipeline.yaml", 3, "ABC")]
    [InlineData("files[0].path '../x' is not a safe file name", "../x", 3, null)]
    [InlineData("files[0].size is negative", "pipeline.yaml", -1, null)]
    public void Refuses_bad_file_records(string expected, string path, long size, string? sha)
    {
        var bad = Sample with { Files = [new BundleFileRecord(path, size, sha ?? new string('a', 64))] };
        var refusal = Assert.Throws<BundleRefusedException>(() => BundleDescriptor.Parse(bad.ToJsonBytes()));
        Assert.Equal(BundleRefusalReason.InvalidBundleJson, refusal.Reason);
        Assert.Contains(expected, refusal.Message);
    }

    [Fact]
    public void Refuses_unsorted_files()
    {
        var bad = Sample with { Files = [new BundleFileRecord("storage/b", 1, new string('a', 64)), new BundleFileRecord("storage/a", 1, new string('a', 64))] };
        Assert.Contains("out of order", Assert.Throws<BundleRefusedException>(() => BundleDescriptor.Parse(bad.ToJsonBytes())).Message);
    }
}
