namespace SmusServerless.Core.Storage;

/// <summary>
/// The object storage port (S3 semantics) the whole pipeline reads bundles from and deploys to.
/// Adapters: AWSSDK.S3 on AWS, a directory tree offline. One contract test suite runs against both.
/// </summary>
public interface IObjectStore
{
    /// <summary>Metadata of an object (the latest version unless <paramref name="versionId"/> is given); null when absent.</summary>
    Task<ObjectInfo?> HeadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>Reads up to <c>buffer.Length</c> bytes starting at <paramref name="offset"/> (a ranged GET). Returns the bytes read.</summary>
    Task<int> ReadRangeAsync(string bucket, string key, string? versionId, long offset, Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Streams a whole object. Throws <see cref="ObjectNotFoundException"/> when absent.</summary>
    Task<Stream> OpenReadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an object from a stream of any length (multipart above the adapter's part size), honouring the
    /// conditions in <paramref name="options"/>; a failed condition throws <see cref="PreconditionFailedException"/>.
    /// </summary>
    Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, PutOptions options, CancellationToken cancellationToken);

    /// <summary>One page of keys under <paramref name="prefix"/>, in key order.</summary>
    Task<ObjectPage> ListAsync(string bucket, string prefix, string? continuationToken, int maxKeys, CancellationToken cancellationToken);

    /// <summary>Every version of one key, newest first (versioned buckets).</summary>
    Task<IReadOnlyList<ObjectInfo>> ListVersionsAsync(string bucket, string key, CancellationToken cancellationToken);

    Task<ObjectInfo> CopyAsync(string sourceBucket, string sourceKey, string? sourceVersionId, string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Deletes the latest version of a key; deleting a missing key succeeds, as in S3.</summary>
    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken);
}

/// <summary>Metadata of one stored object (or one version of it).</summary>
public sealed record ObjectInfo(string Bucket, string Key, long Size, string ETag, DateTimeOffset LastModified, string? VersionId, bool IsLatest = true);

public sealed record ObjectPage(IReadOnlyList<ObjectInfo> Objects, string? NextContinuationToken);

/// <summary>Write options: <see cref="IfNoneMatch"/> = create only; <see cref="IfMatch"/> = replace only that ETag.</summary>
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
    : ObjectStoreException($"s3://{bucket}/{key} does not exist");

/// <summary>A conditional write lost: the object exists (If-None-Match) or changed (If-Match).</summary>
public sealed class PreconditionFailedException(string bucket, string key)
    : ObjectStoreException($"s3://{bucket}/{key} changed or already exists (precondition failed)");
