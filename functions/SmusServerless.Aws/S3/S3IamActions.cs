namespace SmusServerless.Aws.S3;

/// <summary>The calls of <see cref="Core.Storage.IObjectStore"/>, as <see cref="S3ObjectStore"/> makes them on S3.</summary>
public enum ObjectStoreCall
{
    Head,
    ReadRange,
    OpenRead,
    Put,

    /// <summary>A put whose content may be larger than the part size: a multipart upload, aborted when it fails.</summary>
    PutMultipart,
    List,
    ListVersions,
    Copy,
    Delete,
}

/// <summary>One IAM action an S3 call needs; <see cref="OnBucket"/> when it is granted on the bucket, not on its objects.</summary>
public sealed record S3IamAction(string Action, bool OnBucket = false);

/// <summary>
/// The IAM actions <see cref="S3ObjectStore"/> needs for each call, declared next to it (the S3 API reference's
/// "Permissions" of each operation).
/// </summary>
public static class S3IamActions
{
    public const string GetObject = "s3:GetObject";
    public const string GetObjectVersion = "s3:GetObjectVersion";
    public const string PutObject = "s3:PutObject";
    public const string DeleteObject = "s3:DeleteObject";
    public const string AbortMultipartUpload = "s3:AbortMultipartUpload";
    public const string ListBucket = "s3:ListBucket";
    public const string ListBucketVersions = "s3:ListBucketVersions";

    /// <summary>
    /// What <paramref name="call"/> needs; <paramref name="withVersionId"/> when it names an object version.
    /// A HEAD or GET of a missing key answers 404 only to a caller that may also list the bucket; without
    /// s3:ListBucket it is 403, and the adapter's "absent" becomes an access-denied error. Reads therefore need it.
    /// </summary>
    public static IReadOnlyList<S3IamAction> For(ObjectStoreCall call, bool withVersionId = false)
    {
        var read = new S3IamAction(withVersionId ? GetObjectVersion : GetObject);
        var list = new S3IamAction(ListBucket, OnBucket: true);
        return call switch
        {
            ObjectStoreCall.Head or ObjectStoreCall.ReadRange or ObjectStoreCall.OpenRead => [read, list],
            ObjectStoreCall.Put => [new(PutObject)],
            // Creating, uploading parts of and completing a multipart upload are all s3:PutObject.
            ObjectStoreCall.PutMultipart => [new(PutObject), new(AbortMultipartUpload)],
            ObjectStoreCall.List => [list],
            ObjectStoreCall.ListVersions => [new(ListBucketVersions, OnBucket: true)],
            ObjectStoreCall.Copy => [read, list, new(PutObject)],
            ObjectStoreCall.Delete => [new(DeleteObject)],
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "not an object store call"),
        };
    }
}
