using System.Text.Json;
using SmusServerless.Application.Ports;
using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>
/// Turns an EventBridge event — an S3 "Object Created" for a bundle, or a "Deployment Requested" — into one execution.
/// The execution name is derived from the bundle version (or the request's event id), so a redelivered event finds
/// its execution already started and starts nothing.
/// </summary>
public sealed class StartStep(IExecutionStarter executions, StartOptions options)
{
    public async Task<StartResult> RunAsync(JsonElement eventJson, CancellationToken cancellationToken)
    {
        var (request, name, ignored) = Interpret(eventJson);
        if (request is null)
            return new StartResult(false, null, null, ignored);

        var stateMachineArn = options.StateMachineArn
                              ?? throw new InvalidOperationException("SMUS_STATE_MACHINE_ARN is not set");
        var started = await executions.StartAsync(stateMachineArn, name!,
            JsonSerializer.Serialize(request, PipelineJsonContext.Default.ExecutionRequest), cancellationToken).ConfigureAwait(false);
        return started.AlreadyExists
            ? new StartResult(false, name, null, "an execution for this bundle version already exists (duplicate event)")
            : new StartResult(true, name, started.ExecutionArn, null);
    }

    private (ExecutionRequest? Request, string? Name, string? Ignored) Interpret(JsonElement e)
    {
        var source = Text(e, "source");
        var detailType = Text(e, "detail-type");
        if (!e.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
            return (null, null, "the event has no detail");

        if (source == "aws.s3" && detailType == "Object Created")
        {
            var bucket = detail.TryGetProperty("bucket", out var b) ? Text(b, "name") : null;
            var obj = detail.TryGetProperty("object", out var o) ? o : default;
            var key = obj.ValueKind == JsonValueKind.Object ? Text(obj, "key") : null;
            if (bucket is null || key is null) return (null, null, "the S3 event names no bucket or key");
            if (options.BundlesBucket is { } expected && bucket != expected) return (null, null, $"s3://{bucket}/{key} is not in the bundles bucket");
            if (!key.StartsWith(options.BundlesPrefix, StringComparison.Ordinal) || !key.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                return (null, null, $"s3://{bucket}/{key} is not a bundle (expected {options.BundlesPrefix}*.zip)");
            // Unversioned buckets have no version id; the ETag then tells bundle contents apart.
            var version = Text(obj, "version-id") ?? (Text(obj, "etag") is { } etag ? $"etag-{etag}" : null);
            var bundle = new BundleReference(bucket, key, Text(obj, "version-id"));
            var name = ExecutionNames.ForBundleVersion(Path.GetFileNameWithoutExtension(key), bundle with { VersionId = version });
            return (new ExecutionRequest(bundle, null, Text(detail, "requester"), "s3"), name, null);
        }

        if (source == LifecycleEvents.Source && detailType == LifecycleEvents.DeploymentRequested)
        {
            var uri = Text(detail, "bundle");
            S3Uri location;
            try
            {
                location = S3Uri.Parse(uri ?? "");
            }
            catch (FormatException)
            {
                return (null, null, $"detail.bundle '{uri}' is not an s3://bucket/key URI");
            }
            // The functions may read bundles from the stack's bundles bucket only: say so here, not as AccessDenied later.
            if (options.BundlesBucket is { } bundles && location.Bucket != bundles)
                return (null, null, $"detail.bundle '{uri}' is not in the bundles bucket ({bundles})");
            var targets = detail.TryGetProperty("targets", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : null;
            var eventId = Text(e, "id") ?? Guid.NewGuid().ToString();
            var bundle = new BundleReference(location.Bucket, location.Key, Text(detail, "versionId"));
            return (new ExecutionRequest(bundle, targets, Text(detail, "requestedBy"), "requested"),
                ExecutionNames.ForRequest(Path.GetFileNameWithoutExtension(location.Key), eventId), null);
        }

        return (null, null, $"events of source '{source}' and detail-type '{detailType}' do not start deployments");
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
