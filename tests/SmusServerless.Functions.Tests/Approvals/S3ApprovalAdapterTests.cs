using System.Text;
using SmusServerless.Aws.Approvals;
using SmusServerless.Aws.S3;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Storage;
using SmusServerless.Local.S3;

namespace SmusServerless.Functions.Tests.Approvals;

/// <summary>The store contract on the S3 store over the offline, file-backed object store.</summary>
public sealed class S3ApprovalStoreOnFileObjectStoreTests : ConcurrentApprovalStoreContract, IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public S3ApprovalStoreOnFileObjectStoreTests() => new FileObjectStore(_root.Path).CreateBucket(ObjectStores.StateBucket);

    // A new FileObjectStore per instance, as another process over the same directory would open one.
    protected override IApprovalStore OpenStore() => new S3ApprovalStore(new FileObjectStore(_root.Path), ObjectStores.StateBucket);

    public void Dispose() => _root.Dispose();
}

/// <summary>The store contract on the S3 store through AWSSDK.S3 against s3rver (with the conditional-write proxy); sequential writers only.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ApprovalStoreOnS3rverTests(S3rverFixture s3rver) : ApprovalStoreContract
{
    protected override IApprovalStore OpenStore() =>
        new S3ApprovalStore(S3ObjectStore.ForLocalEndpoint(s3rver.ServiceUrl, S3rverFixture.AccessKey, S3rverFixture.SecretKey), S3rverFixture.Bucket);
}

public sealed class S3ApprovalStoreTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();
    private readonly FileObjectStore _objects;

    public S3ApprovalStoreTests()
    {
        _objects = new FileObjectStore(_root.Path);
        _objects.CreateBucket(ObjectStores.StateBucket);
    }

    public void Dispose() => _root.Dispose();

    private static ApprovalRecord Record(string id = "run-1.prod") => ApprovalRecord.Open(
        new ApprovalRequest(id, "p", "b", "1", "c", "author@x.io", "prod", "PROD", FileChangeSummary.Empty, [],
            ["u1@x.io", "u2@x.io"], 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)), Encoding.ASCII.GetBytes("CIPHERTEXT"));

    private static ApprovalVote Vote(string approver) => new(approver, ApprovalDecision.Approve, null, DateTimeOffset.UnixEpoch, "ip", "ua");

    [Fact]
    public async Task Record_is_one_json_object_under_the_approvals_prefix_holding_only_the_ciphertext()
    {
        await new S3ApprovalStore(_objects, ObjectStores.StateBucket).TryCreateAsync(Record(), default);

        var info = await _objects.HeadAsync(ObjectStores.StateBucket, "approvals/run-1.prod.json", null, default);
        var json = await ObjectStores.ReadTextAsync(_objects, ObjectStores.StateBucket, "approvals/run-1.prod.json");

        Assert.Equal("application/json", info!.ContentType);
        Assert.Contains($"\"encryptedTaskToken\":\"{Convert.ToBase64String(Encoding.ASCII.GetBytes("CIPHERTEXT"))}\"", json);
        Assert.DoesNotContain("\"status\"", json);
    }

    [Fact]
    public async Task Create_is_a_create_only_write_and_changes_are_conditional_on_the_etag_read()
    {
        var recording = new InterferingObjectStore(_objects);
        var store = new S3ApprovalStore(recording, ObjectStores.StateBucket);

        await store.TryCreateAsync(Record(), default);
        await store.AppendVoteAsync("run-1.prod", Vote("u1@x.io"), default);

        Assert.Equal(2, recording.Puts.Count);
        Assert.True(recording.Puts[0].IfNoneMatch);
        var created = await _objects.ListVersionsAsync(ObjectStores.StateBucket, "approvals/run-1.prod.json", default);
        Assert.Equal(created.Last().ETag, recording.Puts[1].IfMatch);
    }

    [Fact]
    public async Task A_vote_that_loses_a_race_is_decided_again_on_the_winners_version()
    {
        var store = new S3ApprovalStore(_objects, ObjectStores.StateBucket);
        await store.TryCreateAsync(Record(), default);
        // Another approver's vote lands between this store's read and its conditional write.
        var racing = new InterferingObjectStore(_objects, beforeConditionalPut: () => store.AppendVoteAsync("run-1.prod", Vote("u2@x.io"), default));

        var result = await new S3ApprovalStore(racing, ObjectStores.StateBucket).AppendVoteAsync("run-1.prod", Vote("u1@x.io"), default);

        Assert.Equal(VoteAppendStatus.Appended, result.Status);
        Assert.Equal(["u2@x.io", "u1@x.io"], (await store.GetAsync("run-1.prod", default))!.Votes.Select(v => v.Approver));
        Assert.Equal(2, racing.Puts.Count(p => p.IfMatch is not null));
    }

    [Fact]
    public async Task A_resolution_that_loses_to_another_decision_does_not_overwrite_it()
    {
        var store = new S3ApprovalStore(_objects, ObjectStores.StateBucket);
        await store.TryCreateAsync(Record(), default);
        var racing = new InterferingObjectStore(_objects, beforeConditionalPut: () =>
            store.TryResolveAsync("run-1.prod", new ApprovalResolution(ApprovalStatus.Expired, DateTimeOffset.UnixEpoch, "timeout"), default));

        var won = await new S3ApprovalStore(racing, ObjectStores.StateBucket)
            .TryResolveAsync("run-1.prod", new ApprovalResolution(ApprovalStatus.Approved, DateTimeOffset.UnixEpoch, "approved"), default);

        Assert.False(won);
        Assert.Equal(ApprovalStatus.Expired, (await store.GetAsync("run-1.prod", default))!.Status);
    }

    [Fact]
    public async Task Gives_up_with_a_named_error_when_every_conditional_write_loses()
    {
        var store = new S3ApprovalStore(_objects, ObjectStores.StateBucket, maxAttempts: 3);
        await store.TryCreateAsync(Record(), default);
        var alwaysLosing = new InterferingObjectStore(_objects, beforeConditionalPut: () => Task.CompletedTask, failConditionalPuts: true);

        var error = await Assert.ThrowsAsync<ApprovalStoreContentionException>(() =>
            new S3ApprovalStore(alwaysLosing, ObjectStores.StateBucket, maxAttempts: 3).AppendVoteAsync("run-1.prod", Vote("u1@x.io"), default));

        Assert.Equal(3, alwaysLosing.Puts.Count);
        Assert.Contains("run-1.prod", error.Message);
    }

    [Fact]
    public async Task Corrupt_record_is_reported_with_its_address_and_not_its_content()
    {
        await _objects.PutAsync(ObjectStores.StateBucket, "approvals/run-1.prod.json", new MemoryStream("{\"encryptedTaskToken\":\"SECRETCIPHER"u8.ToArray()), PutOptions.Default, default);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new S3ApprovalStore(_objects, ObjectStores.StateBucket).GetAsync("run-1.prod", default));

        Assert.Contains("s3://smus-state/approvals/run-1.prod.json", error.Message);
        Assert.DoesNotContain("SECRETCIPHER", error.Message);
    }

    [Fact]
    public async Task Invalid_approval_id_never_becomes_a_key()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => new S3ApprovalStore(_objects, ObjectStores.StateBucket).GetAsync("../deployments/x", default));
    }
}

public sealed class S3AuditLogTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _root = new();
    private readonly FileObjectStore _objects;

    public S3AuditLogTests()
    {
        _objects = new FileObjectStore(_root.Path);
        _objects.CreateBucket(ObjectStores.AuditBucket);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Each_entry_is_its_own_object_written_create_only()
    {
        var recording = new InterferingObjectStore(_objects);
        var audit = new S3AuditLog(recording, ObjectStores.AuditBucket);

        await audit.AppendAsync(new AuditEntry("a1", AuditAction.Requested, At), default);
        await audit.AppendAsync(new AuditEntry("a1", AuditAction.Voted, At.AddMinutes(1), "u1@x.io", ApprovalDecision.Approve, "ok", "198.51.100.7", "UA"), default);

        Assert.All(recording.Puts, p => Assert.True(p.IfNoneMatch));
        var keys = (await _objects.ListAsync(ObjectStores.AuditBucket, "approvals/a1/", null, 100, default)).Objects.Select(o => o.Key).ToList();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.Matches(@"^approvals/a1/\d{8}T\d{6}\.\d{7}Z-\d-[a-z]+-[0-9a-f]{12}\.json$", k));
    }

    [Fact]
    public async Task Trail_reads_back_in_time_order_with_a_decision_after_the_vote_of_the_same_instant()
    {
        var audit = new S3AuditLog(_objects, ObjectStores.AuditBucket);
        await audit.AppendAsync(new AuditEntry("a1", AuditAction.Approved, At.AddMinutes(2), "u2@x.io", Detail: "approved"), default);
        await audit.AppendAsync(new AuditEntry("a1", AuditAction.Voted, At.AddMinutes(2), "u2@x.io", ApprovalDecision.Approve), default);
        await audit.AppendAsync(new AuditEntry("a1", AuditAction.Requested, At), default);

        var trail = await audit.ReadAsync("a1", default);

        Assert.Equal([AuditAction.Requested, AuditAction.Voted, AuditAction.Approved], trail.Select(e => e.Action));
        Assert.Equal("approved", trail[2].Detail);
    }

    [Fact]
    public async Task Concurrent_appends_are_all_kept()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            new S3AuditLog(new FileObjectStore(_root.Path), ObjectStores.AuditBucket)
                .AppendAsync(new AuditEntry("a1", AuditAction.Voted, At, $"u{i}@x.io", ApprovalDecision.Approve), default))));

        var trail = await new S3AuditLog(_objects, ObjectStores.AuditBucket).ReadAsync("a1", default);

        Assert.Equal(20, trail.Select(e => e.Approver).Distinct().Count());
    }

    [Fact]
    public async Task Entries_keep_who_when_where_and_what()
    {
        var audit = new S3AuditLog(_objects, ObjectStores.AuditBucket);
        var entry = new AuditEntry("a1", AuditAction.Voted, At, "u1@x.io", ApprovalDecision.Reject, "not now", "203.0.113.5", "Mozilla/5.0");

        await audit.AppendAsync(entry, default);

        Assert.Equal(entry, Assert.Single(await audit.ReadAsync("a1", default)));
    }
}

/// <summary>Bucket names and small helpers for the S3 adapter tests.</summary>
internal static class ObjectStores
{
    public const string StateBucket = "smus-state";
    public const string AuditBucket = "smus-audit";

    public static async Task<string> ReadTextAsync(IObjectStore store, string bucket, string key)
    {
        await using var stream = await store.OpenReadAsync(bucket, key, null, default);
        return await new StreamReader(stream).ReadToEndAsync();
    }
}

/// <summary>
/// Wraps an object store to record every put's conditions and, optionally, to let another writer act just before each
/// conditional (If-Match) put, or to make those puts fail as if another writer always won.
/// </summary>
internal sealed class InterferingObjectStore(IObjectStore inner, Func<Task>? beforeConditionalPut = null, bool failConditionalPuts = false) : IObjectStore
{
    private readonly List<PutOptions> _puts = [];
    private Func<Task>? _interference = beforeConditionalPut;

    public IReadOnlyList<PutOptions> Puts { get { lock (_puts) return [.. _puts]; } }

    public async Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, PutOptions options, CancellationToken cancellationToken)
    {
        lock (_puts) _puts.Add(options);
        if (options.IfMatch is not null)
        {
            if (failConditionalPuts)
                throw new PreconditionFailedException(bucket, key);
            // Interfere once: the retry then sees the other writer's version.
            var interference = Interlocked.Exchange(ref _interference, null);
            if (interference is not null)
                await interference();
        }
        return await inner.PutAsync(bucket, key, content, options, cancellationToken);
    }

    public Task<ObjectInfo?> HeadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken) => inner.HeadAsync(bucket, key, versionId, cancellationToken);
    public Task<int> ReadRangeAsync(string bucket, string key, string? versionId, long offset, Memory<byte> buffer, CancellationToken cancellationToken) => inner.ReadRangeAsync(bucket, key, versionId, offset, buffer, cancellationToken);
    public Task<Stream> OpenReadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken) => inner.OpenReadAsync(bucket, key, versionId, cancellationToken);
    public Task<ObjectPage> ListAsync(string bucket, string prefix, string? continuationToken, int maxKeys, CancellationToken cancellationToken) => inner.ListAsync(bucket, prefix, continuationToken, maxKeys, cancellationToken);
    public Task<IReadOnlyList<ObjectInfo>> ListVersionsAsync(string bucket, string key, CancellationToken cancellationToken) => inner.ListVersionsAsync(bucket, key, cancellationToken);
    public Task<ObjectInfo> CopyAsync(string sourceBucket, string sourceKey, string? sourceVersionId, string bucket, string key, CancellationToken cancellationToken) => inner.CopyAsync(sourceBucket, sourceKey, sourceVersionId, bucket, key, cancellationToken);
    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken) => inner.DeleteAsync(bucket, key, cancellationToken);
}
