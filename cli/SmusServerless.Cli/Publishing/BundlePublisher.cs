using SmusServerless.Cli.Bundles;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Storage;

namespace SmusServerless.Cli.Publishing;

/// <summary>A bundle stored in the bundles bucket: where, and the object version S3 gave it.</summary>
public sealed record PublishedBundle(S3Uri Uri, ObjectInfo Stored);

/// <summary>
/// The upload <c>publish</c> and <c>deploy</c> share: a verified bundle to <c>s3://B/P&lt;name&gt;-&lt;version&gt;.zip</c>
/// with a create-only conditional write (If-None-Match: *), so a published version is never replaced; each failure
/// becomes a CLI error a person can act on.
/// </summary>
public static class BundlePublisher
{
    /// <summary>"bundles" → "bundles/", "/a/b/" → "a/b/", "" stays "" (the bucket's root).</summary>
    public static string NormalizePrefix(string prefix)
    {
        var trimmed = prefix.Trim().TrimStart('/');
        return trimmed.Length == 0 || trimmed.EndsWith('/') ? trimmed : trimmed + "/";
    }

    public static async Task<PublishedBundle> PublishAsync(CliContext context, VerifiedBundle bundle, string bucket, string prefix, ObjectStoreEndpoint endpoint, CancellationToken cancellationToken)
    {
        var descriptor = bundle.Descriptor;
        // The key comes from bundle.json, not the local file name, so the object's name always says which version it holds.
        var key = NormalizePrefix(prefix) + BundleNaming.FileName(descriptor.Name, descriptor.Version);
        var uri = new S3Uri(bucket, key);
        var options = new PutOptions(
            IfNoneMatch: true,
            ContentType: "application/zip",
            Metadata: new Dictionary<string, string>
            {
                ["bundle-name"] = descriptor.Name,
                ["bundle-version"] = descriptor.Version,
                ["bundle-sha256"] = bundle.Sha256,
            });

        try
        {
            using var connection = context.ObjectStores.Connect(endpoint);
            var content = new FileStream(bundle.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (content.ConfigureAwait(false))
                return new PublishedBundle(uri, await connection.Store.PutAsync(uri.Bucket, uri.Key, content, options, cancellationToken).ConfigureAwait(false));
        }
        catch (PreconditionFailedException)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.VersionExists,
                $"{uri} already exists: published bundle versions are never overwritten; bump the version (bundle --version) and publish again",
                File: bundle.DisplayPath));
        }
        catch (BucketNotFoundException)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.BucketNotFound,
                $"bucket '{bucket}' does not exist (or is in another region): check --bucket against the stack output BundlesBucketName"));
        }
        catch (ObjectStoreException e)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Storage, $"{uri}: upload failed: {e.Message}"));
        }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            // Access denied, a bucket policy, throttling: S3's own message and code say which.
            throw new CommandFailedException(new CliError(CliErrorKinds.Storage, $"{uri}: upload failed: {e.ErrorCode ?? e.StatusCode.ToString()}: {e.Message}"));
        }
        catch (Amazon.Runtime.AmazonClientException e)
        {
            // Raised before any request: no credentials or no region.
            throw new CommandFailedException(new CliError(CliErrorKinds.Storage,
                $"{uri}: upload failed: {e.Message} (credentials: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ACCESS_KEY_ID, or a profile; region: --region or AWS_REGION)"));
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Storage, $"{uri}: upload failed: cannot reach S3: {e.Message}"));
        }
    }
}
