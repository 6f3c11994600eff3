using System.Collections.Immutable;

namespace SmusServerless.Local.S3;

/// <summary>What a write to the store is about to do.</summary>
public sealed record ObjectWrite(string Bucket, string Key, ObjectWriteKind Kind);

public enum ObjectWriteKind
{
    Put,
    Copy,
    Delete,
}

public sealed partial class FileObjectStore
{
    private ImmutableArray<Func<ObjectWrite, CancellationToken, Task>> _beforeWriteHandlers = [];

    /// <summary>
    /// Calls <paramref name="handler"/> before every put, copy and delete, before anything is stored. An exception it
    /// throws fails that request and changes nothing, as a failed S3 request does: the fault injection of the offline
    /// stack (a store error in the middle of a deploy). Dispose to unsubscribe.
    /// </summary>
    public IDisposable BeforeWrite(Func<ObjectWrite, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _beforeWriteHandlers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _beforeWriteHandlers, list => list.Remove(handler)));
    }

    private async Task BeforeWriteAsync(ObjectWrite write, CancellationToken cancellationToken)
    {
        foreach (var handler in _beforeWriteHandlers)
            await handler(write, cancellationToken).ConfigureAwait(false);
    }
}
