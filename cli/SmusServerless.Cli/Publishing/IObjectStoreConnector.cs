using SmusServerless.Core.Storage;

namespace SmusServerless.Cli.Publishing;

/// <summary>Where <c>publish</c> uploads: an AWS region, or an S3-compatible endpoint (<c>--endpoint-url</c>).</summary>
public sealed record ObjectStoreEndpoint(string? Region, Uri? EndpointUrl);

/// <summary>Opens an <see cref="IObjectStore"/> for an endpoint. Production uses AWSSDK.S3; tests pass the file-system store.</summary>
public interface IObjectStoreConnector
{
    ObjectStoreConnection Connect(ObjectStoreEndpoint endpoint);
}

/// <summary>An opened store and what must be disposed with it (an SDK client), if anything.</summary>
public sealed class ObjectStoreConnection(IObjectStore store, IDisposable? owned = null) : IDisposable
{
    public IObjectStore Store { get; } = store;

    public void Dispose() => owned?.Dispose();
}
