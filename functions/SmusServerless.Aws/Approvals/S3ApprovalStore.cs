using System.Text.Json;
using SmusServerless.Core.Approvals;
using SmusServerless.Core.Storage;

namespace SmusServerless.Aws.Approvals;

/// <summary>
/// Approval records as JSON objects (<c>{prefix}{approvalId}.json</c>) in the state bucket, through the
/// <see cref="IObjectStore"/> port (S3 on AWS). Conditional writes keep concurrent requests exact: a create is a
/// create-only put (<c>If-None-Match: *</c>); every change is read-modify-write that replaces only the version it
/// read (<c>If-Match</c> its ETag), re-read and re-decided when another writer got there first.
/// </summary>
public sealed class S3ApprovalStore : IApprovalStore
{
    public const string DefaultPrefix = "approvals/";

    /// <summary>Conditional writes per change before giving up; each lost attempt means another writer succeeded.</summary>
    public const int DefaultMaxAttempts = 10;

    private const string JsonContentType = "application/json";
    private readonly IObjectStore _objects;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly int _maxAttempts;

    public S3ApprovalStore(IObjectStore objects, string bucket, string prefix = DefaultPrefix, int maxAttempts = DefaultMaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _objects = objects;
        _bucket = bucket;
        _prefix = prefix;
        _maxAttempts = maxAttempts;
    }

    /// <summary>The object key of an approval's record.</summary>
    public string KeyOf(string approvalId) =>
        ApprovalIdentifier.IsValid(approvalId) ? $"{_prefix}{approvalId}.json" : throw new ArgumentException("not a valid approval id", nameof(approvalId));

    public async Task<bool> TryCreateAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await WriteAsync(record, new PutOptions(IfNoneMatch: true, ContentType: JsonContentType), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PreconditionFailedException)
        {
            return false;
        }
    }

    public async Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken)
    {
        var key = KeyOf(approvalId);
        try
        {
            await using var stream = await _objects.OpenReadAsync(_bucket, key, null, cancellationToken).ConfigureAwait(false);
            return await DeserializeAsync(stream, key, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    public Task<VoteAppendResult> AppendVoteAsync(string approvalId, ApprovalVote vote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vote);
        return ChangeAsync(approvalId, record =>
        {
            if (record is null)
                return (null, new VoteAppendResult(VoteAppendStatus.NotFound, null));
            if (record.Status != ApprovalStatus.Pending)
                return (null, new VoteAppendResult(VoteAppendStatus.NotPending, record));
            if (record.VoteOf(vote.Approver) is not null)
                return (null, new VoteAppendResult(VoteAppendStatus.AlreadyVoted, record));
            var updated = record with { Votes = [.. record.Votes, vote] };
            return (updated, new VoteAppendResult(VoteAppendStatus.Appended, updated));
        }, cancellationToken);
    }

    public Task<bool> TryResolveAsync(string approvalId, ApprovalResolution resolution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        return ChangeAsync(approvalId, record =>
            record is null || record.Status != ApprovalStatus.Pending
                ? (null, false)
                : (record with { Resolution = resolution }, true), cancellationToken);
    }

    public Task MarkCallbackDeliveredAsync(string approvalId, CancellationToken cancellationToken) =>
        ChangeAsync(approvalId, record =>
        {
            if (record?.Resolution is not { } resolution)
                throw new InvalidOperationException($"approval {approvalId} has no decision to mark as delivered");
            return resolution.CallbackDelivered
                ? (null, true)
                : (record with { Resolution = resolution with { CallbackDelivered = true } }, true);
        }, cancellationToken);

    /// <summary>
    /// Reads the record and its ETag, lets <paramref name="decide"/> choose a replacement (null: write nothing) and
    /// writes it only over the version read. A lost race re-reads and decides again on what the winner wrote.
    /// </summary>
    private async Task<T> ChangeAsync<T>(string approvalId, Func<ApprovalRecord?, (ApprovalRecord? Replacement, T Result)> decide, CancellationToken cancellationToken)
    {
        var key = KeyOf(approvalId);
        for (var attempt = 1; ; attempt++)
        {
            var (current, etag) = await ReadWithETagAsync(key, cancellationToken).ConfigureAwait(false);
            var (replacement, result) = decide(current);
            if (replacement is null)
                return result;
            try
            {
                await WriteAsync(replacement, new PutOptions(IfMatch: etag, ContentType: JsonContentType), cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (PreconditionFailedException) when (attempt < _maxAttempts)
            {
                // Another writer changed the record after our read: decide again on its version.
            }
            catch (PreconditionFailedException e)
            {
                throw new ApprovalStoreContentionException(approvalId, _maxAttempts, e);
            }
        }
    }

    /// <summary>
    /// HEAD for the ETag, then GET. Should the object change in between, the GET returns the newer version and the
    /// If-Match write on the older ETag fails, so the pair can never let a stale decision be written.
    /// </summary>
    private async Task<(ApprovalRecord? Record, string? ETag)> ReadWithETagAsync(string key, CancellationToken cancellationToken)
    {
        var info = await _objects.HeadAsync(_bucket, key, null, cancellationToken).ConfigureAwait(false);
        if (info is null || info.IsDeleteMarker)
            return (null, null);
        try
        {
            await using var stream = await _objects.OpenReadAsync(_bucket, key, null, cancellationToken).ConfigureAwait(false);
            return (await DeserializeAsync(stream, key, cancellationToken).ConfigureAwait(false), info.ETag);
        }
        catch (ObjectNotFoundException)
        {
            return (null, null);
        }
    }

    private async Task WriteAsync(ApprovalRecord record, PutOptions options, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(record, ApprovalStorageJsonContext.Default.ApprovalRecord);
        await _objects.PutAsync(_bucket, KeyOf(record.ApprovalId), new MemoryStream(body, writable: false), options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApprovalRecord> DeserializeAsync(Stream stream, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, ApprovalStorageJsonContext.Default.ApprovalRecord, cancellationToken).ConfigureAwait(false)
                   ?? throw new InvalidDataException($"s3://{_bucket}/{key}: the approval record is empty");
        }
        catch (JsonException e)
        {
            // The position only: the record holds the encrypted task token, which has no place in an error.
            throw new InvalidDataException($"s3://{_bucket}/{key}: the approval record is not valid JSON (at {e.Path ?? "$"}, line {e.LineNumber + 1})", e);
        }
    }
}

/// <summary>A change to one approval record lost every one of its conditional writes to concurrent writers.</summary>
public sealed class ApprovalStoreContentionException(string approvalId, int attempts, Exception inner)
    : Exception($"approval {approvalId}: {attempts} conditional writes in a row lost to concurrent changes; try again", inner)
{
    public string ApprovalId { get; } = approvalId;
}
