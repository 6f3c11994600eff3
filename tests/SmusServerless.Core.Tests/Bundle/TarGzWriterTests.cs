using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SmusServerless.Core.Bundle;
using TarFile = SmusServerless.Core.Bundle.TarFile;

namespace SmusServerless.Core.Tests.Bundle;

public sealed class TarGzWriterTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["b/second.txt"] = "second",
        ["a.txt"] = "first",
        [new string('d', 120) + "/" + new string('n', 90) + ".txt"] = "split into prefix and name",
        [new string('x', 300) + ".txt"] = "needs a PAX path",
    };

    private static async Task<byte[]> WriteAsync(DateTimeOffset modified, IEnumerable<KeyValuePair<string, string>>? files = null)
    {
        var list = (files ?? Files).ToList();
        using var output = new MemoryStream();
        await TarGzWriter.WriteAsync(output, [.. list.Select(f => new TarFile(f.Key, Encoding.UTF8.GetByteCount(f.Value)))],
            (name, _) => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(list.Single(f => f.Key == name).Value))),
            modified, CancellationToken.None);
        return output.ToArray();
    }

    [Fact]
    public async Task The_same_files_give_the_same_bytes_whatever_their_order()
    {
        var first = await WriteAsync(Created);
        var second = await WriteAsync(Created, Files.Reverse());

        Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));
    }

    [Fact]
    public async Task Entries_are_sorted_regular_files_owned_by_root_with_the_given_time()
    {
        var tar = await WriteAsync(Created);

        using var reader = new TarReader(new GZipStream(new MemoryStream(tar), CompressionMode.Decompress));
        var entries = new List<(string Name, string Content)>();
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            Assert.Equal(TarEntryType.RegularFile, entry.EntryType);
            Assert.Equal((0, 0, Created), (entry.Uid, entry.Gid, entry.ModificationTime));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, entry.Mode);
            Assert.Equal("", ((PosixTarEntry)entry).UserName);
            entries.Add((entry.Name, new StreamReader(entry.DataStream!).ReadToEnd()));
        }

        Assert.Equal(Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value)), entries);
    }

    [Fact]
    public async Task Another_time_gives_other_bytes()
    {
        Assert.NotEqual(SHA256.HashData(await WriteAsync(Created)), SHA256.HashData(await WriteAsync(Created.AddSeconds(1))));
    }

    [Fact]
    public async Task A_file_shorter_than_recorded_is_refused()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => TarGzWriter.WriteAsync(new MemoryStream(), [new TarFile("a", 10)],
            (_, _) => Task.FromResult<Stream>(new MemoryStream([1, 2])), Created, CancellationToken.None));
    }
}
