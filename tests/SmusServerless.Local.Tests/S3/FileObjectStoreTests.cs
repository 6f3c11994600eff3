using System.Text;
using SmusServerless.Core.Storage;
using SmusServerless.Local.S3;

namespace SmusServerless.Local.Tests.S3;

/// <summary>What the file-system adapter promises beyond the shared contract: safe paths, cross-instance locking, notifications.</summary>
public sealed class FileObjectStoreTests : IDisposable
{
    private const string Bucket = "bundles";
    private readonly TemporaryDirectory _root = new();
    private readonly FileObjectStore _store;

    public FileObjectStoreTests()
    {
        _store = new FileObjectStore(_root.Path);
        _store.CreateBucket(Bucket);
    }

    public void Dispose() => _root.Dispose();

    private Task<ObjectInfo> PutAsync(FileObjectStore store, string key, string text, PutOptions? options = null) =>
        store.PutAsync(Bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(text)), options ?? PutOptions.Default, CancellationToken.None);

    [Theory]
    [InlineData("../escape.txt", "'..'")]
    [InlineData("a/../../escape.txt", "'..'")]
    [InlineData("a/./b", "'.'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("nul\0byte", "NUL")]
    [InlineData("", "empty")]
    public async Task Refuses_keys_that_could_escape_or_break_the_tree(string key, string reason)
    {
        var error = await Assert.ThrowsAsync<InvalidObjectKeyException>(() => PutAsync(_store, key, "x"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(_root.Path)!), e => e.EndsWith("escape.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_a_key_longer_than_s3_allows()
    {
        var error = await Assert.ThrowsAsync<InvalidObjectKeyException>(() => PutAsync(_store, new string('k', 1025), "x"));

        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dir/")]
    [InlineData("a//b")]
    [InlineData(".hidden/file")]
    [InlineData("@obj")]
    [InlineData("@tmp/x")]
    [InlineData("back\\slash")]
    [InlineData("%41")]
    public async Task Stores_unusual_but_legal_keys_inside_the_bucket_and_lists_them_back(string key)
    {
        await PutAsync(_store, key, "odd");

        var page = await _store.ListAsync(Bucket, "", null, 10, CancellationToken.None);

        Assert.Equal([key], page.Objects.Select(o => o.Key));
        var bucketDirectory = Path.Combine(_root.Path, Bucket) + Path.DirectorySeparatorChar;
        Assert.All(Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories), f => Assert.StartsWith(bucketDirectory, f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lists_in_utf8_byte_order_not_utf16_order()
    {
        // In UTF-16 code units U+1F600 (D83D DE00) sorts before U+FF5E; in UTF-8 bytes (F0.. vs EF..) after it, as S3 lists.
        var keys = new[] { "\uFF5E", "\U0001F600", "z", "é" };
        foreach (var key in keys)
            await PutAsync(_store, key, "x");

        var page = await _store.ListAsync(Bucket, "", null, 10, CancellationToken.None);

        Assert.Equal(keys.OrderBy(k => Encoding.UTF8.GetBytes(k), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))), page.Objects.Select(o => o.Key));
        Assert.Equal(["z", "é", "\uFF5E", "\U0001F600"], page.Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Create_only_writes_from_two_store_instances_on_one_root_have_one_winner()
    {
        // Two instances share nothing in memory, like two processes: only the lock file can arbitrate.
        var other = new FileObjectStore(_root.Path);
        var attempts = Enumerable.Range(0, 16).Select(async i =>
        {
            try
            {
                await PutAsync(i % 2 == 0 ? _store : other, "race", $"writer {i}", PutOptions.CreateOnly);
                return true;
            }
            catch (PreconditionFailedException)
            {
                return false;
            }
        });

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        Assert.Single(await other.ListVersionsAsync(Bucket, "race", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_if_match_updates_never_lose_a_write()
    {
        // Compare-and-swap increments from two instances: every successful swap must be based on the latest value.
        var other = new FileObjectStore(_root.Path);
        await PutAsync(_store, "counter", "0");
        var successes = 0;
        var workers = Enumerable.Range(0, 4).Select(async w =>
        {
            var store = w % 2 == 0 ? _store : other;
            for (var i = 0; i < 10; i++)
            {
                while (true)
                {
                    var head = (await store.HeadAsync(Bucket, "counter", null, CancellationToken.None))!;
                    await using var stream = await store.OpenReadAsync(Bucket, "counter", head.VersionId, CancellationToken.None);
                    var value = int.Parse(await new StreamReader(stream).ReadToEndAsync(), System.Globalization.CultureInfo.InvariantCulture);
                    try
                    {
                        await PutAsync(store, "counter", (value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new PutOptions(IfMatch: head.ETag));
                        Interlocked.Increment(ref successes);
                        break;
                    }
                    catch (PreconditionFailedException)
                    {
                    }
                }
            }
        });

        await Task.WhenAll(workers);

        await using var final = await _store.OpenReadAsync(Bucket, "counter", null, CancellationToken.None);
        Assert.Equal("40", await new StreamReader(final).ReadToEndAsync());
        Assert.Equal(40, successes);
    }

    [Fact]
    public async Task Raises_object_created_with_what_an_s3_event_carries()
    {
        var seen = new List<ObjectCreated>();
        using var subscription = _store.OnObjectCreated((created, _) =>
        {
            seen.Add(created);
            return Task.CompletedTask;
        });

        var put = await PutAsync(_store, "bundles/app-1.0.zip", "zip bytes");
        await _store.CopyAsync(Bucket, "bundles/app-1.0.zip", null, Bucket, "bundles/app-copy.zip", CancellationToken.None);

        Assert.Equal(2, seen.Count);
        var first = seen[0];
        Assert.Equal((Bucket, "bundles/app-1.0.zip", 9L, put.ETag, put.VersionId, ObjectCreatedReason.PutObject),
            (first.Bucket, first.Key, first.Size, first.ETag, (string?)first.VersionId, first.Reason));
        Assert.False(string.IsNullOrEmpty(first.Sequencer));
        Assert.Equal(ObjectCreatedReason.CopyObject, seen[1].Reason);
    }

    [Fact]
    public async Task Sequencers_increase_for_successive_writes_of_a_key()
    {
        var sequencers = new List<string>();
        using var subscription = _store.OnObjectCreated((created, _) =>
        {
            sequencers.Add(created.Sequencer);
            return Task.CompletedTask;
        });

        for (var i = 0; i < 5; i++)
            await PutAsync(_store, "same-key", $"v{i}");

        Assert.Equal(sequencers.Order(StringComparer.Ordinal), sequencers);
        Assert.Equal(5, sequencers.Distinct().Count());
    }

    [Fact]
    public async Task No_notification_for_a_failed_conditional_write_or_after_unsubscribing()
    {
        var count = 0;
        var subscription = _store.OnObjectCreated((_, _) =>
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        });
        await PutAsync(_store, "k", "1");
        await Assert.ThrowsAsync<PreconditionFailedException>(() => PutAsync(_store, "k", "2", PutOptions.CreateOnly));

        subscription.Dispose();
        await PutAsync(_store, "k", "3");

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Versions_keep_their_order_when_the_clock_stands_still()
    {
        var frozen = new FrozenClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new FileObjectStore(_root.Path, frozen);
        var written = new List<string?>();
        for (var i = 0; i < 4; i++)
            written.Add((await PutAsync(store, "frozen", $"v{i}")).VersionId);

        var listed = await store.ListVersionsAsync(Bucket, "frozen", CancellationToken.None);

        Assert.Equal(Enumerable.Reverse(written), listed.Select(v => v.VersionId));
        Assert.All(listed, v => Assert.Equal(frozen.GetUtcNow(), v.LastModified));
    }

    [Fact]
    public async Task Objects_persist_for_a_new_store_on_the_same_root()
    {
        var put = await PutAsync(_store, "kept", "durable");

        var reopened = new FileObjectStore(_root.Path);

        var head = await reopened.HeadAsync(Bucket, "kept", null, CancellationToken.None);
        Assert.Equal(put.ETag, head!.ETag);
        Assert.Equal(put.VersionId, head.VersionId);
    }

    [Fact]
    public async Task A_failed_source_stream_leaves_no_object_and_no_temp_file()
    {
        var failing = new NonSeekableStream(new byte[1000], failAfterBytes: 500);

        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync(Bucket, "broken", failing, PutOptions.Default, CancellationToken.None));

        Assert.Null(await _store.HeadAsync(Bucket, "broken", null, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root.Path, Bucket, "@tmp")));
    }

    [Fact]
    public async Task A_continuation_token_it_did_not_issue_is_refused_clearly()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync(Bucket, "", "%%%not-base64", 10, CancellationToken.None));

        Assert.Contains("continuation token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_invalid_bucket_name()
    {
        var error = Assert.Throws<ArgumentException>(() => _store.CreateBucket("../up"));

        Assert.Contains("not a valid S3 bucket name", error.Message, StringComparison.Ordinal);
    }

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
