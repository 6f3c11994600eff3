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
    public static string NormalizePrefix(string prefix) => BundlePublisher.NormalizePrefix(prefix);

    private static async Task<int> RunAsync(CliContext context, CliConsole console, PublishRequest request, CancellationToken cancellationToken)
    {
        var endpoint = new ObjectStoreEndpoint(
            string.IsNullOrWhiteSpace(request.Region) ? null : request.Region.Trim(),
            ParseEndpoint(request.EndpointUrl));
        if (string.IsNullOrWhiteSpace(request.Bucket))
            throw CommandFailedException.Usage("--bucket must not be empty");

        var bundle = await VerifiedBundle.OpenAsync(context, request.Bundle, cancellationToken).ConfigureAwait(false);
        var descriptor = bundle.Descriptor;
        var (uri, stored) = await BundlePublisher.PublishAsync(context, bundle, request.Bucket, request.Prefix, endpoint, cancellationToken).ConfigureAwait(false);

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

    internal static Uri? ParseEndpoint(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw CommandFailedException.Usage($"--endpoint-url '{value}' is not an http:// or https:// URL");
        return uri;
    }
}
