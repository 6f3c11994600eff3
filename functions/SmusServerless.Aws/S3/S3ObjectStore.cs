using System.Buffers;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using SmusServerless.Core.Storage;

namespace SmusServerless.Aws.S3;

/// <summary>
/// <see cref="IObjectStore"/> over AWSSDK.S3. Writes up to one part size go out as one PutObject; larger streams
/// as a multipart upload that reuses a single part buffer (memory stays at one part whatever the object size)
/// and is aborted when anything fails. Conditions map to S3's conditional writes (If-None-Match: *, If-Match).
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private const string UserMetadataPrefix = "x-amz-meta-";
    private readonly IAmazonS3 _client;
    private readonly S3ObjectStoreOptions _options;
    private readonly bool _ownsClient;
    private readonly TimeProvider _time;

    /// <param name="client">The S3 client; not disposed by this store.</param>
    /// <param name="options">Part size and chunk-encoding choice; <see cref="S3ObjectStoreOptions.Default"/> when null.</param>
    /// <param name="timeProvider">Clock for the LastModified reported by writes (S3's PutObject response carries none).</param>
    public S3ObjectStore(IAmazonS3 client, S3ObjectStoreOptions? options = null, TimeProvider? timeProvider = null)
        : this(client, options ?? S3ObjectStoreOptions.Default, ownsClient: false, timeProvider)
    {
    }

    private S3ObjectStore(IAmazonS3 client, S3ObjectStoreOptions options, bool ownsClient, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        options.Validate();
        _client = client;
        _options = options;
        _ownsClient = ownsClient;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A store on AWS in <paramref name="region"/>, with the SDK's default credential chain (Lambda environment, profiles, web identity).</summary>
    public static S3ObjectStore ForAws(string region, S3ObjectStoreOptions? options = null)
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        return new S3ObjectStore(new AmazonS3Client(config), options ?? S3ObjectStoreOptions.Default, ownsClient: true, null);
    }

    /// <summary>
    /// A store against an S3-compatible endpoint (s3rver behind its proxy, MinIO, ...): path-style addressing, static
    /// credentials, checksums only where S3 requires them, and no aws-chunked bodies.
    /// </summary>
    public static S3ObjectStore ForLocalEndpoint(Uri serviceUrl, string accessKey, string secretKey, S3ObjectStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var client = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), LocalEndpointConfig(serviceUrl));
        return new S3ObjectStore(client, (options ?? S3ObjectStoreOptions.Default) with { UseChunkEncoding = false }, ownsClient: true, null);
    }

    /// <summary>The client configuration <see cref="ForLocalEndpoint"/> uses, for callers that need the raw client too.</summary>
    public static AmazonS3Config LocalEndpointConfig(Uri serviceUrl) => new()
    {
        ServiceURL = serviceUrl.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        UseHttp = serviceUrl.Scheme == Uri.UriSchemeHttp,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    };

    public async Task<ObjectInfo?> HeadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = bucket, Key = key, VersionId = versionId }, cancellationToken).ConfigureAwait(false);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in response.Metadata.Keys)
                metadata[StripMetadataPrefix(name)] = response.Metadata[name];
            return new ObjectInfo(bucket, key, response.ContentLength, response.ETag, ToOffset(response.LastModified),
                NullIfEmpty(response.VersionId), IsLatest: versionId is null, IsDeleteMarker: false,
                ContentType: response.Headers.ContentType, Metadata: metadata);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e) || e.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            // 405 is S3's answer for HEAD on a delete-marker version: the object is absent.
            return null;
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, bucket, key);
        }
    }

    public async Task<int> ReadRangeAsync(string bucket, string key, string? versionId, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (buffer.IsEmpty)
            return 0;
        var request = new GetObjectRequest
        {
            BucketName = bucket, Key = key, VersionId = versionId,
            ByteRange = new ByteRange(offset, offset + buffer.Length - 1),
        };
        try
        {
            using var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            var total = 0;
            while (total < buffer.Length)
            {
                var read = await response.ResponseStream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                total += read;
            }
            return total;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return 0; // offset at or past the end
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, bucket, key);
        }
    }

    public async Task<Stream> OpenReadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectAsync(
                new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId }, cancellationToken).ConfigureAwait(false);
            // Disposing the response stream releases the connection.
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, bucket, key);
        }
    }

    public async Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, PutOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var partBuffer = ArrayPool<byte>.Shared.Rent(_options.PartSize);
        try
        {
            var firstLength = await FillAsync(content, partBuffer, _options.PartSize, cancellationToken).ConfigureAwait(false);
            if (firstLength < _options.PartSize)
                return await PutSingleAsync(bucket, key, partBuffer, firstLength, options, cancellationToken).ConfigureAwait(false);
            return await PutMultipartAsync(bucket, key, content, partBuffer, firstLength, options, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, bucket, key, conditional: options.IfNoneMatch || options.IfMatch is not null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(partBuffer);
        }
    }

    public async Task<ObjectPage> ListAsync(string bucket, string prefix, string? continuationToken, int maxKeys, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        try
        {
            var response = await _client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = string.IsNullOrEmpty(prefix) ? null : prefix,
                ContinuationToken = continuationToken,
                MaxKeys = maxKeys,
            }, cancellationToken).ConfigureAwait(false);
            var objects = (response.S3Objects ?? [])
                .Select(o => new ObjectInfo(bucket, o.Key, o.Size ?? 0, o.ETag, ToOffset(o.LastModified), null))
                .ToList();
            return new ObjectPage(objects, response.IsTruncated == true ? response.NextContinuationToken : null);
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, bucket, prefix);
        }
    }

    public async Task<IReadOnlyList<ObjectInfo>> ListVersionsAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var versions = new List<ObjectInfo>();
        var request = new ListVersionsRequest { BucketName = bucket, Prefix = key };
        try
        {
            while (true)
            {
                var response = await _client.ListVersionsAsync(request, cancellationToken).ConfigureAwait(false);
                // The prefix also matches longer keys ("a" matches "a/b"); keep only this key. S3 lists a key's versions newest first.
                versions.AddRange((response.Versions ?? [])
                    .Where(v => v.Key == key)
                    .Select(v => new ObjectInfo(bucket, v.Key, v.Size ?? 0, v.ETag ?? "", ToOffset(v.LastModified), v.VersionId,
                        v.IsLatest == true, v.IsDeleteMarker == true)));
                if (response.IsTruncated != true)
                    return versions;
                request.KeyMarker = response.NextKeyMarker;
                request.VersionIdMarker = response.NextVersionIdMarker;
            }
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, bucket, key);
        }
    }

    public async Task<ObjectInfo> CopyAsync(string sourceBucket, string sourceKey, string? sourceVersionId, string bucket, string key, CancellationToken cancellationToken)
    {
        // CopyObject answers with ETag and time but no size: read the source first and pin the copy to that ETag,
        // so the size we report is the size of what was copied.
        var source = await HeadAsync(sourceBucket, sourceKey, sourceVersionId, cancellationToken).ConfigureAwait(false)
                     ?? throw new ObjectNotFoundException(sourceBucket, sourceKey);
        try
        {
            var response = await _client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = sourceBucket,
                SourceKey = sourceKey,
                SourceVersionId = sourceVersionId,
                DestinationBucket = bucket,
                DestinationKey = key,
                ETagToMatch = source.ETag,
            }, cancellationToken).ConfigureAwait(false);
            return new ObjectInfo(bucket, key, source.Size, response.ETag, ParseTime(response.LastModified), NullIfEmpty(response.VersionId),
                ContentType: source.ContentType, Metadata: source.Metadata);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // The source changed between our HEAD and the copy.
            throw new PreconditionFailedException(sourceBucket, sourceKey);
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, bucket, key);
        }
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            // Deleting what is not there succeeds, as S3 itself answers 204.
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, bucket, key);
        }
    }

    public void Dispose()
    {
        if (_ownsClient)
            _client.Dispose();
    }

    private async Task<ObjectInfo> PutSingleAsync(string bucket, string key, byte[] buffer, int length, PutOptions options, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, length, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = options.ContentType,
            UseChunkEncoding = _options.UseChunkEncoding,
            IfNoneMatch = options.IfNoneMatch ? "*" : null,
            IfMatch = options.IfMatch,
        };
        AddMetadata(request.Metadata, options.Metadata);
        var response = await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        return new ObjectInfo(bucket, key, length, response.ETag, _time.GetUtcNow(), NullIfEmpty(response.VersionId),
            ContentType: options.ContentType, Metadata: options.Metadata ?? new Dictionary<string, string>());
    }

    private async Task<ObjectInfo> PutMultipartAsync(string bucket, string key, Stream content, byte[] partBuffer, int firstLength,
        PutOptions options, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = options.ContentType };
        AddMetadata(initiate.Metadata, options.Metadata);
        var upload = await _client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            long size = 0;
            var length = firstLength;
            // One buffer for every part: upload it, then refill it. Memory stays at one part size.
            while (length > 0)
            {
                using var body = new MemoryStream(partBuffer, 0, length, writable: false);
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = body,
                    PartSize = length,
                    UseChunkEncoding = _options.UseChunkEncoding,
                }, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                size += length;
                length = await FillAsync(content, partBuffer, _options.PartSize, cancellationToken).ConfigureAwait(false);
            }
            var completed = await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
                IfNoneMatch = options.IfNoneMatch ? "*" : null,
                IfMatch = options.IfMatch,
            }, cancellationToken).ConfigureAwait(false);
            return new ObjectInfo(bucket, key, size, completed.ETag, _time.GetUtcNow(), NullIfEmpty(completed.VersionId),
                ContentType: options.ContentType, Metadata: options.Metadata ?? new Dictionary<string, string>());
        }
        catch
        {
            await AbortQuietlyAsync(bucket, key, upload.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortQuietlyAsync(string bucket, string key, string uploadId)
    {
        try
        {
            // Not the caller's token: the abort must run even when cancellation is what failed the upload.
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (AmazonServiceException)
        {
            // The original failure matters more; a bucket lifecycle rule cleans up uploads whose abort failed.
        }
    }

    /// <summary>Reads until <paramref name="count"/> bytes or the end of the stream; returns how many were read.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var read = await content.ReadAsync(buffer.AsMemory(total, count - total), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    private static void AddMetadata(MetadataCollection target, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null) return;
        foreach (var (name, value) in metadata)
            target[name] = value;
    }

    private static string StripMetadataPrefix(string name) =>
        name.StartsWith(UserMetadataPrefix, StringComparison.OrdinalIgnoreCase) ? name[UserMetadataPrefix.Length..] : name;

    private static bool IsMissingObject(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket";

    private static ObjectStoreException Translate(AmazonS3Exception e, string bucket, string key, bool conditional = false)
    {
        if (e.ErrorCode == "NoSuchBucket")
            return new BucketNotFoundException(bucket);
        if (e.StatusCode == HttpStatusCode.PreconditionFailed || (conditional && e.StatusCode == HttpStatusCode.Conflict))
            return new PreconditionFailedException(bucket, key); // 409 ConditionalRequestConflict: a concurrent conditional write won
        if (conditional && e.StatusCode == HttpStatusCode.NotFound)
            return new PreconditionFailedException(bucket, key); // If-Match on a missing key: there is no such ETag to replace
        if (e.StatusCode == HttpStatusCode.NotFound)
            return new ObjectNotFoundException(bucket, key);
        return new ObjectStoreException($"S3 {e.ErrorCode ?? e.StatusCode.ToString()} on s3://{bucket}/{key} (request id {e.RequestId}): {e.Message}", e);
    }

    private static DateTimeOffset ToOffset(DateTime? time) =>
        time is { } t ? new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime()) : default;

    private DateTimeOffset ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : _time.GetUtcNow();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>
/// <see cref="PartSize"/>: writes at or above it use multipart, each part this big (S3's minimum part is 5 MiB).
/// <see cref="UseChunkEncoding"/>: aws-chunked request bodies; S3 accepts them, most emulators do not.
/// </summary>
public sealed record S3ObjectStoreOptions(int PartSize = S3ObjectStoreOptions.DefaultPartSize, bool UseChunkEncoding = true)
{
    public const int MinimumPartSize = 5 * 1024 * 1024;
    public const int DefaultPartSize = 8 * 1024 * 1024;

    public static S3ObjectStoreOptions Default { get; } = new();

    internal void Validate()
    {
        if (PartSize < MinimumPartSize)
            throw new ArgumentOutOfRangeException(nameof(PartSize), PartSize, $"S3 parts must be at least {MinimumPartSize} bytes");
    }
}
