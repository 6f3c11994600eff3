using System.Buffers;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmusServerless.Core.Storage;

namespace SmusServerless.Local.S3;

/// <summary>
/// S3 as a directory tree for the offline stack. Every bucket behaves as a versioning-enabled S3 bucket.
/// </summary>
/// <remarks>
/// Layout under the root: <c>{bucket}/{encoded key segments}/@obj/</c> holds one key's versions as
/// <c>{versionId}.data</c> (bytes) and <c>{versionId}.json</c> (size, ETag, time, content type, metadata), plus
/// <c>latest</c>, the pointer to the current version, and <c>lock</c>. <c>{bucket}/@tmp/</c> holds writes in progress.
/// <list type="bullet">
/// <item>A write streams into a temp file (computing MD5 and size), then, holding the key's cross-process lock,
/// checks the conditions against the latest version, renames the temp file into place, writes the version record
/// and finally swaps the <c>latest</c> pointer (atomic rename). The pointer swap is the commit point: a crash before
/// it leaves an unreferenced version that is never listed.</item>
/// <item>Version ids are 24 upper-case hex digits (UTC ticks, then random), strictly increasing per key, so they
/// sort by age; the same string is the event sequencer.</item>
/// <item>Delete adds a delete-marker version and moves the pointer to it (S3 versioned semantics): the key
/// disappears from listings and reads, older versions stay readable by id. Deleting a key that never existed
/// does nothing. Nothing is ever removed from disk, so concurrent readers never lose a file under them.</item>
/// <item>ETag is the quoted MD5 hex of the content, as S3 gives for single-part uploads (the file store never
/// produces multipart "-N" ETags).</item>
/// </list>
/// </remarks>
public sealed partial class FileObjectStore : IObjectStore
{
    internal const string ObjectDirectoryName = "@obj";
    private const string TempDirectoryName = "@tmp";
    private const string LatestPointerName = "latest";
    private const string LockFileName = "lock";
    private const int CopyBufferSize = 81920;

    private readonly string _root;
    private readonly TimeProvider _time;
    private ImmutableArray<Func<ObjectCreated, CancellationToken, Task>> _objectCreatedHandlers = [];

    /// <param name="rootDirectory">Directory holding one sub-directory per bucket (created when missing).</param>
    /// <param name="timeProvider">Clock for LastModified and version ids; the system clock by default.</param>
    public FileObjectStore(string rootDirectory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.GetFullPath(rootDirectory).TrimEnd(Path.DirectorySeparatorChar);
        _time = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(_root);
    }

    public string RootDirectory => _root;

    /// <summary>Creates a bucket (idempotent). S3 bucket naming rules apply.</summary>
    public void CreateBucket(string bucket)
    {
        ValidateBucketName(bucket);
        Directory.CreateDirectory(Path.Combine(_root, bucket, TempDirectoryName));
    }

    public bool BucketExists(string bucket) => IsValidBucketName(bucket) && Directory.Exists(Path.Combine(_root, bucket));

    /// <summary>
    /// Calls <paramref name="handler"/> after every committed write (put or copy), once the write is durable and its
    /// lock released. A handler's exception reaches the writer (the object stays written). Dispose to unsubscribe.
    /// </summary>
    public IDisposable OnObjectCreated(Func<ObjectCreated, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _objectCreatedHandlers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _objectCreatedHandlers, list => list.Remove(handler)));
    }

    public async Task<ObjectInfo?> HeadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        var objectDirectory = ObjectDirectory(bucket, key);
        var record = await ResolveAsync(objectDirectory, versionId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.DeleteMarker)
            return null;
        var latest = versionId is null || record.VersionId == await ReadLatestPointerAsync(objectDirectory, cancellationToken).ConfigureAwait(false);
        return ToInfo(bucket, key, record, latest, withMetadata: true);
    }

    public async Task<int> ReadRangeAsync(string bucket, string key, string? versionId, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        await using var stream = await OpenReadAsync(bucket, key, versionId, cancellationToken).ConfigureAwait(false);
        if (offset >= stream.Length)
            return 0;
        stream.Seek(offset, SeekOrigin.Begin);
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    public async Task<Stream> OpenReadAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        var objectDirectory = ObjectDirectory(bucket, key);
        var record = await ResolveAsync(objectDirectory, versionId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.DeleteMarker)
            throw new ObjectNotFoundException(bucket, key);
        // Version files are immutable and never deleted, so a reader can hold one while writers move on.
        return new FileStream(DataPath(objectDirectory, record.VersionId), FileMode.Open, FileAccess.Read,
            FileShare.Read | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    public Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, PutOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        return WriteAsync(bucket, key, content, options, options.ContentType, options.Metadata, ObjectCreatedReason.PutObject, cancellationToken);
    }

    public async Task<ObjectInfo> CopyAsync(string sourceBucket, string sourceKey, string? sourceVersionId, string bucket, string key, CancellationToken cancellationToken)
    {
        var sourceDirectory = ObjectDirectory(sourceBucket, sourceKey);
        var source = await ResolveAsync(sourceDirectory, sourceVersionId, cancellationToken).ConfigureAwait(false);
        if (source is null || source.DeleteMarker)
            throw new ObjectNotFoundException(sourceBucket, sourceKey);
        await using var content = new FileStream(DataPath(sourceDirectory, source.VersionId), FileMode.Open, FileAccess.Read,
            FileShare.Read | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await WriteAsync(bucket, key, content, PutOptions.Default, source.ContentType, source.Metadata,
            ObjectCreatedReason.CopyObject, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ObjectPage> ListAsync(string bucket, string prefix, string? continuationToken, int maxKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        var bucketDirectory = BucketDirectory(bucket);
        var after = continuationToken is null ? null : DecodeContinuationToken(continuationToken);

        var keys = new List<string>();
        CollectKeys(bucketDirectory, null, prefix, keys, cancellationToken);
        keys.Sort(S3KeyComparer.Instance);

        var page = new List<ObjectInfo>(Math.Min(maxKeys, keys.Count));
        string? lastReturned = null;
        var truncated = false;
        foreach (var key in keys)
        {
            if (after is not null && S3KeyComparer.Instance.Compare(key, after) <= 0)
                continue;
            var objectDirectory = Path.Combine(ObjectDirectoryParent(bucketDirectory, key), ObjectDirectoryName);
            var record = await ResolveAsync(objectDirectory, null, cancellationToken).ConfigureAwait(false);
            if (record is null || record.DeleteMarker)
                continue;
            if (page.Count == maxKeys)
            {
                truncated = true;
                break;
            }
            page.Add(ToInfo(bucket, key, record, isLatest: true, withMetadata: false));
            lastReturned = key;
        }
        return new ObjectPage(page, truncated ? EncodeContinuationToken(lastReturned!) : null);
    }

    public async Task<IReadOnlyList<ObjectInfo>> ListVersionsAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var objectDirectory = ObjectDirectory(bucket, key);
        var latest = await ReadLatestPointerAsync(objectDirectory, cancellationToken).ConfigureAwait(false);
        if (latest is null)
            return [];
        var versions = new List<ObjectInfo>();
        foreach (var versionId in Directory.EnumerateFiles(objectDirectory, "*.json")
                     .Select(Path.GetFileNameWithoutExtension)
                     .Where(id => id is not null && IsVersionId(id) && string.CompareOrdinal(id, latest) <= 0)
                     .OrderDescending(StringComparer.Ordinal))
        {
            var record = await ReadRecordAsync(objectDirectory, versionId!, cancellationToken).ConfigureAwait(false);
            if (record is not null)
                versions.Add(ToInfo(bucket, key, record, record.VersionId == latest, withMetadata: false));
        }
        return versions;
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        await BeforeWriteAsync(new ObjectWrite(bucket, key, ObjectWriteKind.Delete), cancellationToken).ConfigureAwait(false);
        var objectDirectory = ObjectDirectory(bucket, key);
        if (!Directory.Exists(objectDirectory))
            return;
        await using (await KeyLock.AcquireAsync(Path.Combine(objectDirectory, LockFileName), cancellationToken).ConfigureAwait(false))
        {
            var latestId = await ReadLatestPointerAsync(objectDirectory, cancellationToken).ConfigureAwait(false);
            var latest = latestId is null ? null : await ReadRecordAsync(objectDirectory, latestId, cancellationToken).ConfigureAwait(false);
            if (latest is null || latest.DeleteMarker)
                return;
            var marker = new VersionRecord(NextVersionId(latestId), 0, "", _time.GetUtcNow(), DeleteMarker: true, null, null);
            await CommitAsync(objectDirectory, bucket, marker, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ObjectInfo> WriteAsync(string bucket, string key, Stream content, PutOptions options, string? contentType,
        IReadOnlyDictionary<string, string>? metadata, string reason, CancellationToken cancellationToken)
    {
        await BeforeWriteAsync(new ObjectWrite(bucket, key, reason == ObjectCreatedReason.CopyObject ? ObjectWriteKind.Copy : ObjectWriteKind.Put), cancellationToken).ConfigureAwait(false);
        var bucketDirectory = BucketDirectory(bucket);
        var objectDirectory = ObjectDirectory(bucket, key);
        var tempDirectory = Path.Combine(bucketDirectory, TempDirectoryName);
        Directory.CreateDirectory(tempDirectory);
        var tempPath = Path.Combine(tempDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            // Stream first, lock later: the lock is only held for the check and the renames, not for the upload.
            var (size, etag) = await StreamToFileAsync(content, tempPath, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(objectDirectory);
            VersionRecord record;
            await using (await KeyLock.AcquireAsync(Path.Combine(objectDirectory, LockFileName), cancellationToken).ConfigureAwait(false))
            {
                var latestId = await ReadLatestPointerAsync(objectDirectory, cancellationToken).ConfigureAwait(false);
                var latest = latestId is null ? null : await ReadRecordAsync(objectDirectory, latestId, cancellationToken).ConfigureAwait(false);
                var live = latest is { DeleteMarker: false } ? latest : null;
                if (options.IfNoneMatch && live is not null)
                    throw new PreconditionFailedException(bucket, key);
                if (options.IfMatch is not null && (live is null || !SameETag(live.ETag, options.IfMatch)))
                    throw new PreconditionFailedException(bucket, key);

                record = new VersionRecord(NextVersionId(latestId), size, etag, _time.GetUtcNow(), DeleteMarker: false,
                    contentType, metadata is null ? null : new Dictionary<string, string>(metadata, StringComparer.Ordinal));
                File.Move(tempPath, DataPath(objectDirectory, record.VersionId));
                await CommitAsync(objectDirectory, bucket, record, cancellationToken).ConfigureAwait(false);
            }
            var created = new ObjectCreated(bucket, key, size, etag, record.VersionId, record.VersionId, reason, record.LastModified);
            foreach (var handler in _objectCreatedHandlers)
                await handler(created, cancellationToken).ConfigureAwait(false);
            return ToInfo(bucket, key, record, isLatest: true, withMetadata: true);
        }
        finally
        {
            if (File.Exists(tempPath))
                File.Delete(tempPath);
        }
    }

    /// <summary>Writes the version record, then swaps the latest pointer to it (the commit point). Caller holds the key lock.</summary>
    private async Task CommitAsync(string objectDirectory, string bucket, VersionRecord record, CancellationToken cancellationToken)
    {
        var tempDirectory = Path.Combine(BucketDirectory(bucket), TempDirectoryName);
        var recordTemp = Path.Combine(tempDirectory, Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(recordTemp, JsonSerializer.SerializeToUtf8Bytes(record, FileObjectStoreJsonContext.Default.VersionRecord), cancellationToken).ConfigureAwait(false);
        File.Move(recordTemp, Path.Combine(objectDirectory, record.VersionId + ".json"));
        var pointerTemp = Path.Combine(tempDirectory, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(pointerTemp, record.VersionId, cancellationToken).ConfigureAwait(false);
        File.Move(pointerTemp, Path.Combine(objectDirectory, LatestPointerName), overwrite: true);
    }

    private static async Task<(long Size, string ETag)> StreamToFileAsync(Stream content, string path, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        long size = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, FileOptions.Asynchronous);
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                size += read;
            }
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (size, "\"" + Convert.ToHexStringLower(md5.GetHashAndReset()) + "\"");
    }

    private string NextVersionId(string? latestId)
    {
        var ticks = _time.GetUtcNow().UtcTicks;
        // Strictly after the latest version even if the clock stands still or steps back.
        if (latestId is not null)
            ticks = Math.Max(ticks, long.Parse(latestId.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber, null) + 1);
        return ticks.ToString("X16", System.Globalization.CultureInfo.InvariantCulture)
               + RandomNumberGenerator.GetHexString(8, lowercase: false);
    }

    private static async Task<VersionRecord?> ResolveAsync(string objectDirectory, string? versionId, CancellationToken cancellationToken)
    {
        var latest = await ReadLatestPointerAsync(objectDirectory, cancellationToken).ConfigureAwait(false);
        if (latest is null)
            return null;
        if (versionId is null)
            return await ReadRecordAsync(objectDirectory, latest, cancellationToken).ConfigureAwait(false);
        // Ids that are malformed or newer than the pointer (uncommitted) do not exist.
        if (!IsVersionId(versionId) || string.CompareOrdinal(versionId, latest) > 0)
            return null;
        return await ReadRecordAsync(objectDirectory, versionId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ReadLatestPointerAsync(string objectDirectory, CancellationToken cancellationToken)
    {
        try
        {
            var id = (await File.ReadAllTextAsync(Path.Combine(objectDirectory, LatestPointerName), cancellationToken).ConfigureAwait(false)).Trim();
            return IsVersionId(id) ? id : throw new ObjectStoreException($"corrupt latest-version pointer in {objectDirectory}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task<VersionRecord?> ReadRecordAsync(string objectDirectory, string versionId, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(objectDirectory, versionId + ".json"), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(bytes, FileObjectStoreJsonContext.Default.VersionRecord)
                   ?? throw new ObjectStoreException($"empty version record {versionId} in {objectDirectory}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new ObjectStoreException($"corrupt version record {versionId} in {objectDirectory}: {e.Message}", e);
        }
    }

    /// <summary>Walks the key tree, descending only into directories that can hold keys starting with <paramref name="prefix"/>.</summary>
    private static void CollectKeys(string directory, string? keySoFar, string prefix, List<string> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(child);
            if (name == ObjectDirectoryName)
            {
                if (keySoFar is not null && keySoFar.StartsWith(prefix, StringComparison.Ordinal))
                    keys.Add(keySoFar);
                continue;
            }
            var segment = ObjectKeyPath.DecodeSegment(name);
            if (segment is null)
                continue; // not written by the store (or its own '@' directories)
            var childKey = keySoFar is null ? segment : keySoFar + "/" + segment;
            if (childKey.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(childKey + "/", StringComparison.Ordinal))
                CollectKeys(child, childKey, prefix, keys, cancellationToken);
        }
    }

    private string BucketDirectory(string bucket)
    {
        ValidateBucketName(bucket);
        var directory = Path.Combine(_root, bucket);
        if (!Directory.Exists(directory))
            throw new BucketNotFoundException(bucket);
        return directory;
    }

    private string ObjectDirectory(string bucket, string key) => ObjectKeyPath.ObjectDirectory(BucketDirectory(bucket), key);

    private static string ObjectDirectoryParent(string bucketDirectory, string key) =>
        Path.Combine([bucketDirectory, .. key.Split('/').Select(ObjectKeyPath.EncodeSegment)]);

    private static string DataPath(string objectDirectory, string versionId) => Path.Combine(objectDirectory, versionId + ".data");

    private static ObjectInfo ToInfo(string bucket, string key, VersionRecord record, bool isLatest, bool withMetadata) =>
        new(bucket, key, record.Size, record.ETag, record.LastModified, record.VersionId, isLatest, record.DeleteMarker,
            withMetadata ? record.ContentType : null,
            withMetadata ? (IReadOnlyDictionary<string, string>?)record.Metadata ?? new Dictionary<string, string>() : null);

    private static bool SameETag(string stored, string requested) => stored.Trim('"') == requested.Trim().Trim('"');

    private static bool IsVersionId(string id) => VersionIdPattern().IsMatch(id);

    private static string EncodeContinuationToken(string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeContinuationToken(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(base64));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw new ArgumentException("the continuation token is not one this store issued", nameof(token), e);
        }
    }

    private static void ValidateBucketName(string bucket)
    {
        if (!IsValidBucketName(bucket))
            throw new ArgumentException($"'{bucket}' is not a valid S3 bucket name (3-63 lower-case letters, digits, '.', '-'; starts and ends with a letter or digit)", nameof(bucket));
    }

    private static bool IsValidBucketName(string bucket) =>
        bucket is not null && BucketNamePattern().IsMatch(bucket) && !bucket.Contains("..", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketNamePattern();

    [GeneratedRegex("^[0-9A-F]{24}$")]
    private static partial Regex VersionIdPattern();

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;
        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
