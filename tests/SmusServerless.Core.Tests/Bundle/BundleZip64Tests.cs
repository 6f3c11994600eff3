using System.Text;
using SmusServerless.Core.Bundle;
using static SmusServerless.Core.Tests.Bundle.ZipCrafter;

namespace SmusServerless.Core.Tests.Bundle;

public sealed class BundleZip64Tests
{
    [Fact]
    public async Task Reads_zip64_extra_fields_and_end_records()
    {
        var entries = ValidBundle(("storage/src/a.py", "print('zip64')\n"));
        foreach (var entry in entries)
            entry.Zip64 = true;

        var reader = await OpenAsync(Build(entries, zip64End: true));

        Assert.Equal(2, (await reader.VerifyAsync(CancellationToken.None)).Files);
        Assert.Equal("print('zip64')\n", Encoding.UTF8.GetString(await reader.ReadAllBytesAsync("storage/src/a.py", CancellationToken.None)));
    }

    [Fact]
    public async Task Reads_entries_larger_than_4_GiB_and_offsets_past_4_GiB()
    {
        // 5 GiB of zeros that exist only as a hole: pipeline.yaml and bundle.json sit past the 4 GiB mark.
        const long big = 5L << 30;
        var huge = new CraftedEntry("storage/data/huge.bin", []) { Method = 0, VirtualLength = big, Zip64 = true, Crc = 0x12345678 };
        var manifest = new CraftedEntry("pipeline.yaml", "pipelineName: Big\n") { Zip64 = true };
        var descriptorEntry = new CraftedEntry("bundle.json", SortedDescriptor(manifest, big)) { Zip64 = true };
        var source = BuildSparse([huge, manifest, descriptorEntry]);
        var limits = BundleLimits.Default with { MaxEntryBytes = 8L << 30 };
        var counting = new CountingSource(source);

        var reader = await BundleReader.OpenAsync(counting, limits);

        var entry = reader.FindEntry("storage/data/huge.bin")!;
        Assert.Equal(big, entry.Size);
        Assert.True(reader.FindEntry("pipeline.yaml")!.LocalHeaderOffset > uint.MaxValue);
        Assert.Equal("pipelineName: Big\n", Encoding.UTF8.GetString(await reader.ReadAllBytesAsync("pipeline.yaml", CancellationToken.None)));
        Assert.Equal(big, reader.Descriptor.Files.Single(f => f.Path == entry.Name).Size);
        Assert.True(counting.Reads <= 4, $"{counting.Reads} reads");
    }

    private static byte[] SortedDescriptor(CraftedEntry manifest, long big)
    {
        var manifestRecord = DescriptorFor([manifest]);
        var parsed = BundleDescriptor.Parse(manifestRecord.Content);
        return (parsed with { Files = [.. parsed.Files, new BundleFileRecord("storage/data/huge.bin", big, new string('0', 64))] }).ToJsonBytes();
    }
}
