using System.Security.Cryptography;
using System.Text;
using SmusServerless.Core.Storage;

namespace SmusServerless.Testing;

/// <summary>
/// The behaviour every <see cref="IObjectStore"/> adapter must have: one suite, run once per adapter.
/// Each test works under its own random key prefix, so tests can share one bucket.
/// </summary>
public abstract class ObjectStoreContract
{
    protected const int MiB = 1024 * 1024;

    protected abstract IObjectStore Store { get; }

    protected abstract string Bucket { get; }

    protected string Prefix { get; } = $"t-{Guid.NewGuid():N}/";

    protected static CancellationToken Ct => CancellationToken.None;

    protected Task<ObjectInfo> PutTextAsync(string key, string text, PutOptions? options = null) =>
        Store.PutAsync(Bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(text)), options ?? PutOptions.Default, Ct);

    protected async Task<string> ReadTextAsync(string key, string? versionId = null)
    {
        await using var stream = await Store.OpenReadAsync(Bucket, key, versionId, Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }

    protected static string QuotedMd5(string text) => "\"" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text))) + "\"";

    [Fact]
    public async Task Put_then_head_reports_size_etag_and_version()
    {
        var put = await PutTextAsync(Prefix + "a.txt", "hello world");

        var head = await Store.HeadAsync(Bucket, Prefix + "a.txt", null, Ct);

        Assert.NotNull(head);
        Assert.Equal(11, head.Size);
        Assert.Equal(put.ETag, head.ETag);
        Assert.Equal(put.VersionId, head.VersionId);
        Assert.False(string.IsNullOrEmpty(put.VersionId));
    }

    [Fact]
    public async Task Single_part_etag_is_the_quoted_md5_of_the_content()
    {
        var put = await PutTextAsync(Prefix + "md5.txt", "content to hash");

        Assert.Equal(QuotedMd5("content to hash"), put.ETag);
    }

    [Fact]
    public async Task Put_then_read_returns_the_same_bytes()
    {
        await PutTextAsync(Prefix + "round.txt", "round trip ✓");

        Assert.Equal("round trip ✓", await ReadTextAsync(Prefix + "round.txt"));
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        var put = await PutTextAsync(Prefix + "empty", "");

        Assert.Equal(0, put.Size);
        Assert.Equal("", await ReadTextAsync(Prefix + "empty"));
    }

    [Fact]
    public async Task Head_of_a_missing_key_is_null()
    {
        Assert.Null(await Store.HeadAsync(Bucket, Prefix + "missing", null, Ct));
    }

    [Fact]
    public async Task Reading_a_missing_key_throws_not_found()
    {
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(Bucket, Prefix + "missing", null, Ct));
    }

    [Fact]
    public async Task Ranged_read_returns_the_requested_slice()
    {
        await PutTextAsync(Prefix + "range.txt", "0123456789abcdef");
        var buffer = new byte[5];

        var read = await Store.ReadRangeAsync(Bucket, Prefix + "range.txt", null, 6, buffer, Ct);

        Assert.Equal(5, read);
        Assert.Equal("6789a", Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public async Task Ranged_read_over_the_end_returns_only_the_remaining_bytes()
    {
        await PutTextAsync(Prefix + "tail.txt", "0123456789");
        var buffer = new byte[8];

        var read = await Store.ReadRangeAsync(Bucket, Prefix + "tail.txt", null, 7, buffer, Ct);

        Assert.Equal(3, read);
        Assert.Equal("789", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task Ranged_read_past_the_end_returns_zero()
    {
        await PutTextAsync(Prefix + "short.txt", "abc");

        Assert.Equal(0, await Store.ReadRangeAsync(Bucket, Prefix + "short.txt", null, 3, new byte[4], Ct));
    }

    [Fact]
    public async Task Ranged_read_of_a_missing_key_throws_not_found()
    {
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.ReadRangeAsync(Bucket, Prefix + "missing", null, 0, new byte[4], Ct));
    }

    [Fact]
    public async Task Head_of_a_delete_marker_version_is_null()
    {
        await PutTextAsync(Prefix + "doc", "one");
        await Store.DeleteAsync(Bucket, Prefix + "doc", Ct);
        var marker = (await Store.ListVersionsAsync(Bucket, Prefix + "doc", Ct))[0];

        Assert.Null(await Store.HeadAsync(Bucket, Prefix + "doc", marker.VersionId, Ct));
    }

    [Fact]
    public async Task Content_type_and_user_metadata_round_trip()
    {
        var options = new PutOptions(ContentType: "application/zip", Metadata: new Dictionary<string, string> { ["commit"] = "abc123" });
        await PutTextAsync(Prefix + "meta.zip", "zip?", options);

        var head = await Store.HeadAsync(Bucket, Prefix + "meta.zip", null, Ct);

        Assert.Equal("application/zip", head!.ContentType);
        Assert.Equal("abc123", head.Metadata!["commit"]);
    }

    [Fact]
    public async Task Keys_with_spaces_and_non_ascii_characters_round_trip()
    {
        var key = Prefix + "dir with space/ünïcödé + plus=eq&amp;.txt";
        await PutTextAsync(key, "odd key");

        Assert.Equal("odd key", await ReadTextAsync(key));
        var page = await Store.ListAsync(Bucket, Prefix, null, 10, Ct);
        Assert.Equal([key], page.Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task A_key_and_a_longer_key_below_it_coexist()
    {
        await PutTextAsync(Prefix + "a", "parent");
        await PutTextAsync(Prefix + "a/b", "child");

        Assert.Equal("parent", await ReadTextAsync(Prefix + "a"));
        Assert.Equal("child", await ReadTextAsync(Prefix + "a/b"));
    }

    [Fact]
    public async Task Create_only_put_succeeds_when_the_key_is_absent()
    {
        var put = await PutTextAsync(Prefix + "new.txt", "first", PutOptions.CreateOnly);

        Assert.Equal(QuotedMd5("first"), put.ETag);
    }

    [Fact]
    public async Task Create_only_put_fails_and_changes_nothing_when_the_key_exists()
    {
        await PutTextAsync(Prefix + "taken.txt", "first");

        await Assert.ThrowsAsync<PreconditionFailedException>(() => PutTextAsync(Prefix + "taken.txt", "second", PutOptions.CreateOnly));
        Assert.Equal("first", await ReadTextAsync(Prefix + "taken.txt"));
        Assert.Single(await Store.ListVersionsAsync(Bucket, Prefix + "taken.txt", Ct));
    }

    [Fact]
    public async Task Create_only_put_succeeds_after_the_key_was_deleted()
    {
        await PutTextAsync(Prefix + "again.txt", "first");
        await Store.DeleteAsync(Bucket, Prefix + "again.txt", Ct);

        await PutTextAsync(Prefix + "again.txt", "second", PutOptions.CreateOnly);

        Assert.Equal("second", await ReadTextAsync(Prefix + "again.txt"));
    }

    [Fact]
    public async Task Concurrent_create_only_puts_have_exactly_one_winner()
    {
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await PutTextAsync(Prefix + "race.txt", $"writer {i}", PutOptions.CreateOnly);
                return true;
            }
            catch (PreconditionFailedException)
            {
                return false;
            }
        });

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        Assert.Single(await Store.ListVersionsAsync(Bucket, Prefix + "race.txt", Ct));
    }

    [Fact]
    public async Task If_match_put_replaces_the_object_with_that_etag()
    {
        var first = await PutTextAsync(Prefix + "cas.txt", "v1");

        await PutTextAsync(Prefix + "cas.txt", "v2", new PutOptions(IfMatch: first.ETag));

        Assert.Equal("v2", await ReadTextAsync(Prefix + "cas.txt"));
    }

    [Fact]
    public async Task If_match_put_fails_and_changes_nothing_when_the_etag_differs()
    {
        await PutTextAsync(Prefix + "cas.txt", "v1");

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            PutTextAsync(Prefix + "cas.txt", "v2", new PutOptions(IfMatch: QuotedMd5("something else"))));
        Assert.Equal("v1", await ReadTextAsync(Prefix + "cas.txt"));
    }

    [Fact]
    public async Task If_match_put_fails_when_the_key_is_missing()
    {
        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            PutTextAsync(Prefix + "nothing.txt", "v1", new PutOptions(IfMatch: QuotedMd5("v0"))));
        Assert.Null(await Store.HeadAsync(Bucket, Prefix + "nothing.txt", null, Ct));
    }

    [Fact]
    public async Task Listing_returns_only_keys_under_the_prefix_in_key_order()
    {
        foreach (var name in new[] { "b.txt", "a/z.txt", "a.txt", "c/d/e.txt", "B.txt" })
            await PutTextAsync(Prefix + "in/" + name, name);
        await PutTextAsync(Prefix + "out.txt", "outside");

        var page = await Store.ListAsync(Bucket, Prefix + "in/", null, 100, Ct);

        Assert.Equal(new[] { "B.txt", "a.txt", "a/z.txt", "b.txt", "c/d/e.txt" }.Select(n => Prefix + "in/" + n), page.Objects.Select(o => o.Key));
        Assert.Null(page.NextContinuationToken);
        Assert.Equal(5, page.Objects.Single(o => o.Key.EndsWith("/b.txt", StringComparison.Ordinal)).Size);
    }

    [Fact]
    public async Task Listing_pages_with_continuation_tokens()
    {
        for (var i = 0; i < 5; i++)
            await PutTextAsync($"{Prefix}k{i}", "x");

        var keys = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Store.ListAsync(Bucket, Prefix, token, 2, Ct);
            Assert.True(page.Objects.Count <= 2);
            keys.AddRange(page.Objects.Select(o => o.Key));
            token = page.NextContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{Prefix}k{i}"), keys);
    }

    [Fact]
    public async Task Listing_leaves_out_deleted_keys()
    {
        await PutTextAsync(Prefix + "keep", "1");
        await PutTextAsync(Prefix + "gone", "2");
        await Store.DeleteAsync(Bucket, Prefix + "gone", Ct);

        var page = await Store.ListAsync(Bucket, Prefix, null, 10, Ct);

        Assert.Equal([Prefix + "keep"], page.Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Every_put_adds_a_version_listed_newest_first()
    {
        var v1 = await PutTextAsync(Prefix + "doc", "one");
        var v2 = await PutTextAsync(Prefix + "doc", "two");
        var v3 = await PutTextAsync(Prefix + "doc", "three");

        var versions = await Store.ListVersionsAsync(Bucket, Prefix + "doc", Ct);

        Assert.Equal(new[] { v3.VersionId, v2.VersionId, v1.VersionId }, versions.Select(v => v.VersionId));
        Assert.Equal(new[] { true, false, false }, versions.Select(v => v.IsLatest));
        Assert.Equal(new[] { 5L, 3L, 3L }, versions.Select(v => v.Size));
        Assert.Equal(QuotedMd5("two"), versions[1].ETag);
    }

    [Fact]
    public async Task Versions_of_a_key_exclude_longer_keys_sharing_its_prefix()
    {
        await PutTextAsync(Prefix + "doc", "one");
        await PutTextAsync(Prefix + "doc/child", "other key");
        await PutTextAsync(Prefix + "document", "other key");

        Assert.Single(await Store.ListVersionsAsync(Bucket, Prefix + "doc", Ct));
    }

    [Fact]
    public async Task An_older_version_stays_readable_by_its_id()
    {
        var v1 = await PutTextAsync(Prefix + "doc", "one");
        await PutTextAsync(Prefix + "doc", "two");

        Assert.Equal("one", await ReadTextAsync(Prefix + "doc", v1.VersionId));
        var head = await Store.HeadAsync(Bucket, Prefix + "doc", v1.VersionId, Ct);
        Assert.Equal(v1.ETag, head!.ETag);
        var buffer = new byte[2];
        Assert.Equal(2, await Store.ReadRangeAsync(Bucket, Prefix + "doc", v1.VersionId, 1, buffer, Ct));
        Assert.Equal("ne", Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public async Task Delete_hides_the_key_and_leaves_a_delete_marker_over_its_versions()
    {
        var v1 = await PutTextAsync(Prefix + "doc", "one");

        await Store.DeleteAsync(Bucket, Prefix + "doc", Ct);

        Assert.Null(await Store.HeadAsync(Bucket, Prefix + "doc", null, Ct));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(Bucket, Prefix + "doc", null, Ct));
        var versions = await Store.ListVersionsAsync(Bucket, Prefix + "doc", Ct);
        Assert.Equal(2, versions.Count);
        Assert.True(versions[0].IsDeleteMarker);
        Assert.True(versions[0].IsLatest);
        Assert.Equal(v1.VersionId, versions[1].VersionId);
        Assert.Equal("one", await ReadTextAsync(Prefix + "doc", v1.VersionId));
    }

    [Fact]
    public async Task A_put_after_a_delete_lists_versions_and_marker_as_one_history_newest_first()
    {
        var v1 = await PutTextAsync(Prefix + "doc", "one");
        await Store.DeleteAsync(Bucket, Prefix + "doc", Ct);
        var v2 = await PutTextAsync(Prefix + "doc", "two");

        var versions = await Store.ListVersionsAsync(Bucket, Prefix + "doc", Ct);

        Assert.Equal(new[] { (v2.VersionId, false), (versions[1].VersionId, true), (v1.VersionId, false) },
            versions.Select(v => (v.VersionId, v.IsDeleteMarker)));
        Assert.Equal("two", await ReadTextAsync(Prefix + "doc"));
    }

    [Fact]
    public async Task Deleting_a_missing_key_succeeds()
    {
        await Store.DeleteAsync(Bucket, Prefix + "never-was", Ct);

        Assert.Null(await Store.HeadAsync(Bucket, Prefix + "never-was", null, Ct));
    }

    [Fact]
    public async Task Copy_creates_an_identical_object_with_its_metadata()
    {
        var source = await PutTextAsync(Prefix + "src.txt", "copied bytes",
            new PutOptions(ContentType: "text/plain", Metadata: new Dictionary<string, string> { ["author"] = "ana" }));

        var copy = await Store.CopyAsync(Bucket, Prefix + "src.txt", null, Bucket, Prefix + "dst/copy.txt", Ct);

        Assert.Equal(source.ETag, copy.ETag);
        Assert.Equal(12, copy.Size);
        Assert.Equal("copied bytes", await ReadTextAsync(Prefix + "dst/copy.txt"));
        var head = await Store.HeadAsync(Bucket, Prefix + "dst/copy.txt", null, Ct);
        Assert.Equal("text/plain", head!.ContentType);
        Assert.Equal("ana", head.Metadata!["author"]);
    }

    [Fact]
    public async Task Copy_handles_keys_with_percent_signs_spaces_and_non_ascii()
    {
        var v1 = await PutTextAsync(Prefix + "src 100%41/ü+x.txt", "first");
        await PutTextAsync(Prefix + "src 100%41/ü+x.txt", "second");

        await Store.CopyAsync(Bucket, Prefix + "src 100%41/ü+x.txt", null, Bucket, Prefix + "dst 50%/é.txt", Ct);
        await Store.CopyAsync(Bucket, Prefix + "src 100%41/ü+x.txt", v1.VersionId, Bucket, Prefix + "old 50%/é.txt", Ct);

        Assert.Equal("second", await ReadTextAsync(Prefix + "dst 50%/é.txt"));
        Assert.Equal("first", await ReadTextAsync(Prefix + "old 50%/é.txt"));
    }

    [Fact]
    public async Task Copy_of_an_older_version_copies_that_version()
    {
        var v1 = await PutTextAsync(Prefix + "src.txt", "first");
        await PutTextAsync(Prefix + "src.txt", "second");

        var copy = await Store.CopyAsync(Bucket, Prefix + "src.txt", v1.VersionId, Bucket, Prefix + "restored.txt", Ct);

        Assert.Equal(5, copy.Size);
        Assert.Equal("first", await ReadTextAsync(Prefix + "restored.txt"));
    }

    [Fact]
    public async Task Copy_of_a_missing_source_throws_not_found()
    {
        await Assert.ThrowsAsync<ObjectNotFoundException>(() =>
            Store.CopyAsync(Bucket, Prefix + "missing", null, Bucket, Prefix + "dst", Ct));
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_as_such()
    {
        await Assert.ThrowsAsync<BucketNotFoundException>(() =>
            Store.PutAsync("no-such-bucket-here", Prefix + "x", new MemoryStream([1]), PutOptions.Default, Ct));
    }

    [Fact]
    public async Task A_large_object_streams_through_in_parts_and_reads_back_byte_identical()
    {
        var content = DeterministicBytes(12 * MiB, seed: 7);

        var put = await Store.PutAsync(Bucket, Prefix + "large.bin", new NonSeekableStream(content), PutOptions.Default, Ct);

        Assert.Equal(content.Length, put.Size);
        await using var stream = await Store.OpenReadAsync(Bucket, Prefix + "large.bin", null, Ct);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        Assert.True(content.AsSpan().SequenceEqual(copy.ToArray()), "large object bytes differ after a round trip");
        var middle = new byte[1000];
        Assert.Equal(1000, await Store.ReadRangeAsync(Bucket, Prefix + "large.bin", null, 5 * MiB - 500, middle, Ct));
        Assert.True(content.AsSpan(5 * MiB - 500, 1000).SequenceEqual(middle), "a range across a part boundary differs");
    }

    [Fact]
    public async Task A_create_only_large_put_fails_when_the_key_exists()
    {
        await PutTextAsync(Prefix + "large.bin", "small original");

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            Store.PutAsync(Bucket, Prefix + "large.bin", new MemoryStream(DeterministicBytes(6 * MiB, seed: 3)), PutOptions.CreateOnly, Ct));
        Assert.Equal("small original", await ReadTextAsync(Prefix + "large.bin"));
    }

    protected static byte[] DeterministicBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
