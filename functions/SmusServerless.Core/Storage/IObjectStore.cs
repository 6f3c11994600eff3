namespace SmusServerless.Core.Storage;

/// <summary>
/// The object storage port (S3 semantics) the whole pipeline reads bundles from and deploys to.
/// Adapters: AWSSDK.S3 on AWS (<c>SmusServerless.Aws.S3.S3ObjectStore</c>), a directory tree offline
/// (<c>SmusServerless.Local.S3.FileObjectStore</c>). One contract test suite runs against both.
/// </summary>
/// <remarks>
/// Semantics follow a <b>versioning-enabled</b> S3 bucket: every write creates a new version, a delete
/// without a version id adds a delete marker (older versions stay readable by id). ETags are quoted,
/// as S3 returns them. Keys are compared and listed in ordinal UTF-8 byte order.
/// </remarks>
public interface IObjectStore
{
    /// <summary>Metadata of an object (the latest version unless <paramref name="versionId"/> is given); null when absent or deleted.</summary>
    Task<ObjectInfo?> HeadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes starting at <paramref name="offset"/> (a ranged GET). Returns the bytes
    /// read: fewer than requested only at the end of the object, 0 when <paramref name="offset"/> is at or past it.
    /// Throws <see cref="ObjectNotFoundException"/> when absent.
    /// </summary>
    Task<int> ReadRangeAsync(string bucket, string key, string? versionId, long offset, Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Streams a whole object. Throws <see cref="ObjectNotFoundException"/> when absent. The caller disposes the stream.</summary>
    Task<Stream> OpenReadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an object from a stream of any length (multipart above the adapter's part size, with bounded memory),
    /// honouring the conditions in <paramref name="options"/>; a failed condition throws <see cref="PreconditionFailedException"/>
    /// and leaves the stored object unchanged.
    /// </summary>
    Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, PutOptions options, CancellationToken cancellationToken);

    /// <summary>One page of at most <paramref name="maxKeys"/> live keys under <paramref name="prefix"/>, in key order.</summary>
    Task<ObjectPage> ListAsync(string bucket, string prefix, string? continuationToken, int maxKeys, CancellationToken cancellationToken);

    /// <summary>Every version of one key, newest first, delete markers included (<see cref="ObjectInfo.IsDeleteMarker"/>).</summary>
    Task<IReadOnlyList<ObjectInfo>> ListVersionsAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Copies an object (the latest version unless <paramref name="sourceVersionId"/> is given) with its content type and metadata.</summary>
    Task<ObjectInfo> CopyAsync(string sourceBucket, string sourceKey, string? sourceVersionId, string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Deletes the latest version of a key by adding a delete marker; deleting a missing key succeeds, as in S3.</summary>
    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken);
}

/// <summary>
/// Metadata of one stored object (or one version of it). <see cref="ContentType"/> and <see cref="Metadata"/> are
/// filled by <see cref="IObjectStore.HeadAsync"/> only (S3 listings do not carry them).
/// </summary>
public sealed record ObjectInfo(
    string Bucket,
    string Key,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    string? VersionId,
    bool IsLatest = true,
    bool IsDeleteMarker = false,
    string? ContentType = null,
    IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>One page of a listing; <see cref="NextContinuationToken"/> is null on the last page.</summary>
public sealed record ObjectPage(IReadOnlyList<ObjectInfo> Objects, string? NextContinuationToken);

/// <summary>
/// Write options: <see cref="IfNoneMatch"/> = create only (S3 <c>If-None-Match: *</c>);
/// <see cref="IfMatch"/> = replace only the object whose current ETag is this one (S3 <c>If-Match</c>).
/// <see cref="Metadata"/> keys are user metadata names without the <c>x-amz-meta-</c> prefix, lower case.
/// </summary>
public sealed record PutOptions(
    bool IfNoneMatch = false,
    string? IfMatch = null,
    string? ContentType = null,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    public static PutOptions Default { get; } = new();
    public static PutOptions CreateOnly { get; } = new(IfNoneMatch: true);
}

/// <summary>An <c>s3://bucket/key</c> address.</summary>
public sealed record S3Uri(string Bucket, string Key)
{
    public static S3Uri Parse(string value)
    {
        if (!value.StartsWith("s3://", StringComparison.Ordinal))
            throw new FormatException($"'{value}' is not an s3:// URI");
        var rest = value["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0)
            throw new FormatException($"'{value}' has no bucket");
        return new S3Uri(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    public override string ToString() => $"s3://{Bucket}/{Key}";
}

public class ObjectStoreException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class ObjectNotFoundException(string bucket, string key)
    : ObjectStoreException($"s3://{bucket}/{key} does not exist")
{
    public string Bucket { get; } = bucket;
    public string Key { get; } = key;
}

public sealed class BucketNotFoundException(string bucket)
    : ObjectStoreException($"bucket '{bucket}' does not exist")
{
    public string Bucket { get; } = bucket;
}

/// <summary>A key the store cannot hold (empty, too long, NUL, path traversal, ...); the message says which rule.</summary>
public sealed class InvalidObjectKeyException(string key, string reason)
    : ObjectStoreException($"object key '{key.Replace("\0", "\\0", StringComparison.Ordinal)}' is invalid: {reason}")
{
    public string Key { get; } = key;
}

/// <summary>A conditional write lost: the object exists (If-None-Match) or changed (If-Match).</summary>
public sealed class PreconditionFailedException(string bucket, string key)
    : ObjectStoreException($"s3://{bucket}/{key} changed or already exists (precondition failed)")
{
    public string Bucket { get; } = bucket;
    public string Key { get; } = key;
}
