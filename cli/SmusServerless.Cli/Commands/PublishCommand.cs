using System.CommandLine;
using SmusServerless.Cli.Bundles;
using SmusServerless.Cli.Output;
using SmusServerless.Cli.Publishing;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Storage;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>publish bundle.zip --bucket B [--prefix P] [--region R] [--endpoint-url URL] [--json | -o TEXT|JSON]</c>: verifies the bundle
/// as <c>inspect</c> does (an unsafe bundle is never uploaded), then uploads it to <c>s3://B/P&lt;name&gt;-&lt;version&gt;.zip</c>
/// with a create-only conditional write (If-None-Match: *), so a published version is never replaced.
/// </summary>
public static class PublishCommand
{
    public const string Name = "publish";
    public const string DefaultPrefix = "bundles/";

    public static Command Create(CliContext context)
    {
        var bundle = CommonOptions.BundlePath();
        var bucket = new Option<string>("--bucket")
        {
            Description = "The pipeline's bundles bucket (the stack output BundlesBucketName).",
            Required = true,
            HelpName = "B",
        };
        var prefix = new Option<string>("--prefix")
        {
            Description = "Key prefix the pipeline watches (the stack parameter BundlesPrefix); a '/' is added when missing.",
            DefaultValueFactory = _ => DefaultPrefix,
            HelpName = "P",
        };
        var region = new Option<string?>("--region")
        {
            Description = "AWS region of the bucket; default: AWS_REGION, AWS_DEFAULT_REGION, then the shared AWS config.",
            HelpName = "R",
        };
        var endpoint = new Option<string?>("--endpoint-url")
        {
            Description = "An S3-compatible endpoint instead of Amazon S3 (path-style addressing).",
            HelpName = "URL",
        };
        var json = CommonOptions.Json();
        var format = CommonOptions.OutputFormat();
        var command = new Command(Name, "Upload a verified bundle to the bundles bucket, never overwriting a published version. Needs only s3:PutObject on the prefix.")
        {
            bundle, bucket, prefix, region, endpoint, json, format,
        };
        command.SetAction((parsed, cancellationToken) =>
            CommonOptions.RunAsync(context, Name, parsed.GetValue(json), parsed.GetValue(format), console =>
                RunAsync(context, console,
                    new PublishRequest(parsed.GetValue(bundle)!, parsed.GetValue(bucket)!, parsed.GetValue(prefix) ?? DefaultPrefix,
                        parsed.GetValue(region), parsed.GetValue(endpoint)),
                    cancellationToken)));
        return command;
    }

    private sealed record PublishRequest(string Bundle, string Bucket, string Prefix, string? Region, string? EndpointUrl);

    /// <summary>"bundles" → "bundles/", "/a/b/" → "a/b/", "" stays "" (the bucket's root).</summary>
    public static string NormalizePrefix(string prefix)
    {
        var trimmed = prefix.Trim().TrimStart('/');
        return trimmed.Length == 0 || trimmed.EndsWith('/') ? trimmed : trimmed + "/";
    }

    private static async Task<int> RunAsync(CliContext context, CliConsole console, PublishRequest request, CancellationToken cancellationToken)
    {
        var endpoint = new ObjectStoreEndpoint(
            string.IsNullOrWhiteSpace(request.Region) ? null : request.Region.Trim(),
            ParseEndpoint(request.EndpointUrl));
        if (string.IsNullOrWhiteSpace(request.Bucket))
            throw CommandFailedException.Usage("--bucket must not be empty");

        var bundle = await VerifiedBundle.OpenAsync(context, request.Bundle, cancellationToken).ConfigureAwait(false);
        var descriptor = bundle.Descriptor;
        // The key comes from bundle.json, not the local file name, so the object's name always says which version it holds.
        var key = NormalizePrefix(request.Prefix) + BundleNaming.FileName(descriptor.Name, descriptor.Version);
        var uri = new S3Uri(request.Bucket, key);
        var options = new PutOptions(
            IfNoneMatch: true,
            ContentType: "application/zip",
            Metadata: new Dictionary<string, string>
            {
                ["bundle-name"] = descriptor.Name,
                ["bundle-version"] = descriptor.Version,
                ["bundle-sha256"] = bundle.Sha256,
            });

        ObjectInfo stored;
        try
        {
            using var connection = context.ObjectStores.Connect(endpoint);
            var content = new FileStream(bundle.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (content.ConfigureAwait(false))
                stored = await connection.Store.PutAsync(uri.Bucket, uri.Key, content, options, cancellationToken).ConfigureAwait(false);
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
                $"bucket '{request.Bucket}' does not exist (or is in another region): check --bucket against the stack output BundlesBucketName"));
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

        console.Line($"published {uri}");
        console.Line($"  version id  {stored.VersionId ?? "(none: the bucket is not versioned)"}");
        console.Line($"  bundle      {descriptor.Name} {descriptor.Version}, {bundle.Size} bytes");
        console.Line($"  sha256      {bundle.Sha256}");
        console.Document(
            new PublishDocument(Name, true, uri.ToString(), uri.Bucket, uri.Key, stored.VersionId, stored.ETag, bundle.Size, bundle.Sha256,
                descriptor.Name, descriptor.Version),
            CliJsonContext.Output.PublishDocument);
        return ExitCodes.Success;
    }

    private static Uri? ParseEndpoint(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw CommandFailedException.Usage($"--endpoint-url '{value}' is not an http:// or https:// URL");
        return uri;
    }
}
