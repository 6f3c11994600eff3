using System.IO.Compression;
using Microsoft.Win32.SafeHandles;
using SmusServerless.Core.Bundle;

namespace SmusServerless.Core.Tests.Bundle;

[CollectionDefinition(nameof(AllocationMeasuringCollection), DisableParallelization = true)]
public sealed class AllocationMeasuringCollection;

/// <summary>
/// Bundles far larger than the memory the writer and reader may use. All I/O here completes synchronously, so every
/// await continues on the test's thread and <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts all allocations.
/// Deflate runs at level 0 (stored blocks) to keep the test fast; the memory paths are the same as at any level.
/// </summary>
[Collection(nameof(AllocationMeasuringCollection))]
public sealed class LargeBundleMemoryTests : IDisposable
{
    private const long FileSize = 64L << 20;
    private const int FileCount = 4; // 256 MiB in all
    private const long AllocationBudget = 4L << 20;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bundle-memory-{Guid.NewGuid():N}.zip");

    [Fact]
    public async Task Writes_and_verifies_a_256_MiB_bundle_allocating_under_4_MiB()
    {
        var tree = new InMemorySourceTree().File("pipeline.yaml", "pipelineName: Large\n");
        for (var i = 0; i < FileCount; i++)
            tree.GeneratedFile($"data/part-{i}.csv", FileSize, seed: i);
        var files = await new BundleContentSelector().SelectAsync(tree, [new(BundleArea.Storage, ["data"], [])], CancellationToken.None);
        var metadata = new BundleMetadata("Large", "1.0.0", DateTimeOffset.UnixEpoch, new BundleSource("c0ffee", "ci"));
        var thread = Environment.CurrentManagedThreadId;

        long writeAllocated;
        await using (var output = new SynchronousFileStream(_path))
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            await new BundleWriter(CompressionLevel.NoCompression, forceZip64: false).WriteAsync(output, metadata, files, tree, CancellationToken.None);
            writeAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        long readAllocated;
        BundleVerification verification;
        using (var source = new SynchronousFileSource(_path))
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var reader = await BundleReader.OpenAsync(source);
            verification = await reader.VerifyAsync(CancellationToken.None);
            readAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(thread, Environment.CurrentManagedThreadId); // else the counts above missed other threads
        Assert.Equal(FileCount * FileSize + "pipelineName: Large\n".Length, verification.Bytes);
        Assert.True(new FileInfo(_path).Length > FileCount * FileSize);
        Assert.True(writeAllocated < AllocationBudget, $"writing allocated {writeAllocated:N0} bytes");
        Assert.True(readAllocated < AllocationBudget, $"reading allocated {readAllocated:N0} bytes");
    }

    public void Dispose() => File.Delete(_path);

    private sealed class SynchronousFileSource(string path) : IRandomAccessSource, IDisposable
    {
        private readonly SafeFileHandle _handle = File.OpenHandle(path);

        public long Length => RandomAccess.GetLength(_handle);

        public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
            ValueTask.FromResult(RandomAccess.Read(_handle, buffer.Span, offset));

        public void Dispose() => _handle.Dispose();
    }

    private sealed class SynchronousFileStream(string path) : FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16)
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flush();
            return Task.CompletedTask;
        }
    }
}
