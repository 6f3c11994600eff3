using SmusServerless.Core.Storage;

namespace SmusServerless.Core.Pipeline;

/// <summary>Where one area of the bundle (storage/ or workflows/) goes: a connection's S3 location and a directory in it.</summary>
public sealed record ResolvedDestination(string Area, S3Uri ConnectionRoot, string Directory);

/// <summary>Maps bundle paths to object keys: <c>storage/x</c> → <c>{connection s3Uri}/{directory}/x</c>, likewise workflows/.</summary>
public static class DeploymentLayout
{
    public const string StorageArea = "storage";
    public const string WorkflowsArea = "workflows";

    public static S3Uri? Destination(string bundlePath, IReadOnlyList<ResolvedDestination> destinations)
    {
        var slash = bundlePath.IndexOf('/');
        if (slash <= 0) return null; // pipeline.yaml, bundle.json: not deployed
        var area = bundlePath[..slash];
        var rest = bundlePath[(slash + 1)..];
        var destination = destinations.FirstOrDefault(d => d.Area == area);
        if (destination is null || rest.Length == 0) return null;
        var key = string.Join('/', new[] { destination.ConnectionRoot.Key.Trim('/'), destination.Directory.Trim('/'), rest }
            .Where(part => part.Length > 0));
        return new S3Uri(destination.ConnectionRoot.Bucket, key);
    }
}
