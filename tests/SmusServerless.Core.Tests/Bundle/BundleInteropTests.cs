using System.IO.Compression;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

/// <summary>Bundles zipped by other tools (here System.IO.Compression) read like ours when they follow the layout.</summary>
public sealed class BundleInteropTests
{
    private static byte[] ZipWithSystemIoCompression(bool seekable)
    {
        var entries = ZipCrafter.ValidBundle(("storage/src/a.py", "print('a')\n"), ("workflows/dags/d.py", "dag\n"));
        var buffer = new MemoryStream();
        Stream target = seekable ? buffer : new WriteOnlyStream(buffer);
        using (var archive = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var stream = archive.CreateEntry(entry.Name, CompressionLevel.Optimal).Open();
                stream.Write(entry.Content);
            }
        }
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // streamed: data descriptors after each entry
    public async Task Reads_and_verifies_a_bundle_zipped_by_System_IO_Compression(bool seekable)
    {
        var reader = await ZipCrafter.OpenAsync(ZipWithSystemIoCompression(seekable));
        Assert.Equal(3, (await reader.VerifyAsync(CancellationToken.None)).Files);
    }

    private sealed class WriteOnlyStream(Stream inner) : Stream
    {
        private long _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            _written += count;
        }
    }
}
