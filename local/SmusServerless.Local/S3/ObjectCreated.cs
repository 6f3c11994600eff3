namespace SmusServerless.Local.S3;

/// <summary>
/// Raised after an object version is committed, with what an S3 "Object Created" EventBridge event carries
/// (detail.bucket.name, detail.object.key/size/etag/version-id/sequencer, detail.reason).
/// <see cref="ETag"/> is quoted as S3 returns it from PUT; EventBridge's detail carries it unquoted.
/// </summary>
public sealed record ObjectCreated(
    string Bucket,
    string Key,
    long Size,
    string ETag,
    string VersionId,
    string Sequencer,
    string Reason,
    DateTimeOffset Time);

/// <summary>The S3 reasons an object gets created (EventBridge <c>detail.reason</c>).</summary>
public static class ObjectCreatedReason
{
    public const string PutObject = "PutObject";
    public const string CopyObject = "CopyObject";
}
