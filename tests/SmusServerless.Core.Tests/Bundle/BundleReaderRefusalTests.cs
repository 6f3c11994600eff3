using System.Text;
using SmusServerless.Core.Bundle;
using static SmusServerless.Core.Tests.Bundle.ZipCrafter;

namespace SmusServerless.Core.Tests.Bundle;

/// <summary>Each test makes a zip unsafe in exactly one way and expects that reason, naming the entry.</summary>
public sealed class BundleReaderRefusalTests
{
    private static List<CraftedEntry> WithEntry(CraftedEntry extra)
    {
        var entries = ValidBundle().Where(e => e.Name != "bundle.json").ToList();
        entries.Add(extra);
        entries.Add(DescriptorFor(entries));
        return entries;
    }

    private static async Task AssertRefused(byte[] zip, BundleRefusalReason reason, string? entry, BundleLimits? limits = null)
    {
        var refusal = await RefusalAsync(zip, limits);
        Assert.Equal(reason, refusal.Reason);
        Assert.Equal(entry, refusal.EntryName);
        Assert.Contains(reason.ToString(), refusal.Message);
    }

    [Fact]
    public async Task Accepts_an_honest_crafted_bundle()
    {
        var reader = await OpenAsync(Build(ValidBundle(("storage/src/a.py", "x = 1\n"))));
        var verification = await reader.VerifyAsync(CancellationToken.None);
        Assert.Equal(2, verification.Files);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a zip at all, just some text that is long enough to look at")]
    public async Task Refuses_a_file_that_is_not_a_zip(string text) =>
        await AssertRefused(Encoding.ASCII.GetBytes(text), BundleRefusalReason.NotAZip, null);

    [Fact]
    public async Task Refuses_a_truncated_zip_as_not_a_zip()
    {
        var zip = Build(ValidBundle());
        await AssertRefused(zip[..^10], BundleRefusalReason.NotAZip, null);
    }

    [Fact]
    public async Task Refuses_bytes_after_the_end_record_as_not_a_zip()
    {
        byte[] zip = [.. Build(ValidBundle()), .. "trailing"u8.ToArray()];
        await AssertRefused(zip, BundleRefusalReason.NotAZip, null);
    }

    [Fact]
    public async Task Refuses_bytes_before_the_first_entry()
    {
        // A consistent zip behind a prefix: the shape of polyglot files (a zip that is also something else).
        var zip = Build(ValidBundle(), prefix: "#!/bin/sh\necho hidden\n"u8.ToArray());
        await AssertRefused(zip, BundleRefusalReason.CorruptStructure, null);
    }

    [Theory]
    [InlineData("storage/../../etc/passwd", BundleRefusalReason.PathTraversal)]
    [InlineData("../outside.txt", BundleRefusalReason.PathTraversal)]
    [InlineData("storage/src/..", BundleRefusalReason.PathTraversal)]
    [InlineData("/etc/passwd", BundleRefusalReason.AbsolutePath)]
    [InlineData("storage\\..\\evil.py", BundleRefusalReason.Backslash)]
    [InlineData("C:/Windows/evil.dll", BundleRefusalReason.DriveLetter)]
    [InlineData("c:evil", BundleRefusalReason.DriveLetter)]
    [InlineData("storage//double.py", BundleRefusalReason.InvalidName)]
    [InlineData("storage/./dot.py", BundleRefusalReason.InvalidName)]
    [InlineData("storage/bell\u0007.py", BundleRefusalReason.InvalidName)]
    public async Task Refuses_unsafe_entry_names(string name, BundleRefusalReason reason) =>
        await AssertRefused(Build(WithEntry(new CraftedEntry(name, "evil"))), reason, name);

    [Fact]
    public async Task Refuses_a_name_that_is_not_utf8()
    {
        var entry = new CraftedEntry("storage/x", "data") { NameBytes = [(byte)'s', 0xFF, 0xFE, (byte)'x'], Flags = 0 };
        var refusal = await RefusalAsync(Build(WithEntry(entry)));
        Assert.Equal(BundleRefusalReason.InvalidName, refusal.Reason);
    }

    [Fact]
    public async Task Refuses_a_unicode_path_extra_field_that_could_show_another_name()
    {
        var entry = new CraftedEntry("storage/a.py", "x") { CentralExtra = ExtraField(0x7075, [1, 0, 0, 0, 0, (byte)'b']) };
        await AssertRefused(Build(WithEntry(entry)), BundleRefusalReason.InvalidName, "storage/a.py");
    }

    [Fact]
    public async Task Refuses_a_symbolic_link_entry() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/link", "/etc/passwd") { ExternalAttributes = 0xA1FFu << 16 })),
            BundleRefusalReason.SymbolicLink, "storage/link");

    [Fact]
    public async Task Refuses_a_windows_reparse_point_entry() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/link", "x") { MadeBy = 0x0A14, ExternalAttributes = 0x400 })),
            BundleRefusalReason.SymbolicLink, "storage/link");

    [Theory]
    [InlineData(0x2000u)] // character device
    [InlineData(0x6000u)] // block device
    [InlineData(0x1000u)] // FIFO
    [InlineData(0xC000u)] // socket
    public async Task Refuses_device_fifo_and_socket_entries(uint type) =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/dev", "") { ExternalAttributes = (type | 0x1B6) << 16 })),
            BundleRefusalReason.SpecialFile, "storage/dev");

    [Fact]
    public async Task Refuses_duplicate_names()
    {
        var entries = ValidBundle(("storage/a.py", "one"));
        entries.Insert(2, new CraftedEntry("storage/a.py", "two"));
        await AssertRefused(Build(entries), BundleRefusalReason.DuplicateName, "storage/a.py");
    }

    [Fact]
    public async Task Refuses_names_that_collide_case_insensitively() =>
        await AssertRefused(Build(ValidBundle(("storage/Readme.md", "a"), ("storage/README.md", "b"))), BundleRefusalReason.CaseCollision, "storage/README.md");

    [Fact]
    public async Task Refuses_a_name_used_as_file_and_directory() =>
        await AssertRefused(Build(ValidBundle(("storage/a", "file"), ("storage/a/b.py", "child"))), BundleRefusalReason.PathConflict, "storage/a/b.py");

    [Fact]
    public async Task Refuses_encrypted_entries() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/secret.py", "x") { Flags = 0x0801 })), BundleRefusalReason.Encrypted, "storage/secret.py");

    [Theory]
    [InlineData((ushort)12)] // bzip2
    [InlineData((ushort)14)] // LZMA
    [InlineData((ushort)93)] // zstd
    public async Task Refuses_unsupported_compression_methods(ushort method) =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/a.bin", "xyz") { Method = method })), BundleRefusalReason.UnsupportedCompression, "storage/a.bin");

    [Fact]
    public async Task Refuses_too_many_entries() =>
        await AssertRefused(Build(ValidBundle(("storage/a", "1"), ("storage/b", "2"), ("storage/c", "3"))), BundleRefusalReason.TooManyEntries, null,
            BundleLimits.Default with { MaxEntries = 4 });

    [Fact]
    public async Task Refuses_an_entry_over_the_size_limit() =>
        await AssertRefused(Build(ValidBundle(("storage/big.csv", new string('x', 2000)))), BundleRefusalReason.EntryTooLarge, "storage/big.csv",
            BundleLimits.Default with { MaxEntryBytes = 1000 });

    [Fact]
    public async Task Refuses_entries_whose_total_is_over_the_limit() =>
        await AssertRefused(Build(ValidBundle(("storage/a.csv", new string('a', 600)), ("storage/b.csv", new string('b', 600)))),
            BundleRefusalReason.TotalSizeTooLarge, "storage/b.csv", BundleLimits.Default with { MaxTotalBytes = 1000 });

    [Fact]
    public async Task Refuses_a_compression_bomb_by_its_ratio()
    {
        var zeros = new byte[8 << 20];
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/zeros.bin", zeros))), BundleRefusalReason.CompressionBomb, "storage/zeros.bin");
    }

    [Fact]
    public async Task Never_inflates_more_than_the_declared_size_of_a_lying_entry()
    {
        // Declares 10 bytes, holds 8 MiB of zeros: the ratio check cannot see it, the stream stops at byte 11.
        var entry = new CraftedEntry("storage/zeros.bin", new byte[8 << 20]) { CentralSize = 10, LocalSize = 10 };
        var entries = WithEntry(entry);
        await AssertRefused(Build(entries), BundleRefusalReason.DescriptorMismatch, "storage/zeros.bin");
        entries[^1] = DescriptorFor(entries.SkipLast(1).Select(e => e.Name == "storage/zeros.bin" ? new CraftedEntry(e.Name, new byte[10]) : e));
        await AssertRefused(Build(entries), BundleRefusalReason.SizeMismatch, "storage/zeros.bin");
    }

    [Fact]
    public async Task Refuses_a_central_size_larger_than_the_data()
    {
        var entries = WithEntry(new CraftedEntry("storage/a.py", "short") { CentralSize = 50, LocalSize = 50 });
        entries[^1] = DescriptorFor(entries.SkipLast(1).Select(e => e.Name == "storage/a.py" ? new CraftedEntry(e.Name, new string('x', 50)) : e));
        await AssertRefused(Build(entries), BundleRefusalReason.SizeMismatch, "storage/a.py");
    }

    [Fact]
    public async Task Refuses_a_local_header_size_that_differs_from_the_central_directory() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/a.py", "content") { LocalSize = 3 })), BundleRefusalReason.SizeMismatch, "storage/a.py");

    [Fact]
    public async Task Refuses_a_stored_entry_whose_sizes_differ() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/a.txt", "content") { Method = 0, CentralCompressedSize = 3 })), BundleRefusalReason.SizeMismatch, "storage/a.txt");

    [Fact]
    public async Task Refuses_declared_data_running_into_the_central_directory() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/a.txt", "content") { CentralCompressedSize = 100_000, LocalCompressedSize = 100_000 })),
            BundleRefusalReason.SizeMismatch, "storage/a.txt");

    [Fact]
    public async Task Refuses_a_data_descriptor_that_lies_about_the_size()
    {
        var entry = new CraftedEntry("storage/a.py", "content") { DataDescriptor = true, DescriptorSize = 99 };
        await AssertRefused(Build(WithEntry(entry)), BundleRefusalReason.SizeMismatch, "storage/a.py");
    }

    [Fact]
    public async Task Accepts_honest_data_descriptors()
    {
        var entries = WithEntry(new CraftedEntry("storage/a.py", "content") { DataDescriptor = true });
        var reader = await OpenAsync(Build(entries));
        Assert.Equal(3, (await reader.VerifyAsync(CancellationToken.None)).Files);
    }

    [Fact]
    public async Task Refuses_a_wrong_crc() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/a.py", "content") { Crc = 0xDEADBEEF })), BundleRefusalReason.CrcMismatch, "storage/a.py");

    [Fact]
    public async Task Refuses_a_local_header_naming_another_file() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/a.py", "content") { LocalNameBytes = Encoding.UTF8.GetBytes("storage/b.py") })),
            BundleRefusalReason.LocalHeaderMismatch, "storage/a.py");

    [Fact]
    public async Task Refuses_a_local_header_with_another_method() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/a.py", "content") { LocalMethod = 0 })), BundleRefusalReason.LocalHeaderMismatch, "storage/a.py");

    [Fact]
    public async Task Refuses_corrupt_deflate_data() =>
        await AssertRefused(Build(WithEntry(new CraftedEntry("storage/a.py", "content") { CompressedOverride = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] })),
            BundleRefusalReason.CorruptData, "storage/a.py");

    [Fact]
    public async Task Refuses_entries_that_share_their_data()
    {
        // Two central records pointing at one local header: the overlapping-file trick of non-recursive zip bombs.
        var entries = WithEntry(new CraftedEntry("storage/a.py", "same"));
        var first = Build(entries);
        var reader = await OpenAsync(first);
        var offset = reader.Entries.Single(e => e.Name == "storage/a.py").LocalHeaderOffset;
        var copy = new CraftedEntry("storage/b.py", "same") { OffsetOverride = offset, LocalNameBytes = Encoding.UTF8.GetBytes("storage/a.py") };
        entries.Insert(entries.Count - 1, copy);
        entries[^1] = DescriptorFor(entries.SkipLast(1));
        var refusal = await RefusalAsync(Build(entries));
        Assert.Equal(BundleRefusalReason.OverlappingEntries, refusal.Reason);
    }

    [Fact]
    public async Task Refuses_a_split_archive() =>
        await AssertRefused(Build(ValidBundle(), diskNumber: 1), BundleRefusalReason.UnsupportedFeature, null);

    [Fact]
    public async Task Refuses_a_bundle_without_pipeline_yaml()
    {
        var entries = new List<CraftedEntry> { new("storage/a.py", "x") };
        entries.Add(DescriptorFor(entries));
        await AssertRefused(Build(entries), BundleRefusalReason.MissingPipelineYaml, null);
    }

    [Fact]
    public async Task Refuses_a_bundle_without_bundle_json() =>
        await AssertRefused(Build(ValidBundle().Where(e => e.Name != "bundle.json").ToList()), BundleRefusalReason.MissingBundleJson, null);

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"formatVersion\": 1}")]
    [InlineData("{\"formatVersion\": 9, \"name\": \"Demo\", \"version\": \"1\", \"created\": \"2026-01-01T00:00:00Z\", \"source\": {}, \"files\": []}")]
    public async Task Refuses_an_invalid_bundle_json(string json)
    {
        var entries = ValidBundle();
        entries[^1] = new CraftedEntry("bundle.json", json);
        await AssertRefused(Build(entries), BundleRefusalReason.InvalidBundleJson, "bundle.json");
    }

    [Fact]
    public async Task Refuses_an_entry_that_bundle_json_does_not_list()
    {
        var entries = ValidBundle();
        entries.Insert(1, new CraftedEntry("storage/smuggled.py", "import os"));
        await AssertRefused(Build(entries), BundleRefusalReason.DescriptorMismatch, "storage/smuggled.py");
    }

    [Fact]
    public async Task Refuses_a_file_listed_in_bundle_json_but_missing_from_the_zip()
    {
        var entries = ValidBundle(("storage/gone.py", "x"));
        entries.RemoveAll(e => e.Name == "storage/gone.py");
        await AssertRefused(Build(entries), BundleRefusalReason.DescriptorMismatch, "storage/gone.py");
    }

    [Fact]
    public async Task Refuses_a_size_in_bundle_json_that_differs_from_the_entry()
    {
        var entries = ValidBundle(("storage/a.py", "x"));
        entries[^1] = DescriptorFor(entries.SkipLast(1).Select(e => e.Name == "storage/a.py" ? new CraftedEntry(e.Name, "longer") : e));
        await AssertRefused(Build(entries), BundleRefusalReason.DescriptorMismatch, "storage/a.py");
    }

    [Fact]
    public async Task Refuses_a_hash_in_bundle_json_that_differs_from_the_content()
    {
        var entries = ValidBundle(("storage/a.py", "good"));
        entries[^1] = DescriptorFor(entries.SkipLast(1).Select(e => e.Name == "storage/a.py" ? new CraftedEntry(e.Name, "evil") : e));
        await AssertRefused(Build(entries), BundleRefusalReason.HashMismatch, "storage/a.py");
    }

    [Fact]
    public async Task Reports_the_refusal_before_handing_out_any_entry()
    {
        // Traversal in the last entry: OpenAsync fails, so no caller ever gets a stream of the first entries.
        var entries = ValidBundle(("storage/a.py", "fine"));
        entries.Add(new CraftedEntry("../../evil.sh", "rm -rf /"));
        var source = new CountingSource(new StreamRandomAccessSource(new MemoryStream(Build(entries))));
        var refusal = await Assert.ThrowsAsync<BundleRefusedException>(() => BundleReader.OpenAsync(source));
        Assert.Equal(BundleRefusalReason.PathTraversal, refusal.Reason);
        Assert.Equal(1, source.Reads); // only the tail (end records and central directory) was read
    }

    [Fact]
    public async Task Escapes_control_characters_of_names_in_messages()
    {
        var refusal = await RefusalAsync(Build(WithEntry(new CraftedEntry("storage/\u001b[31mred", "x"))));
        Assert.DoesNotContain('\u001b', refusal.Message);
        Assert.Contains("\\u001b", refusal.Message);
    }
}
