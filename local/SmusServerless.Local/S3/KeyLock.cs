namespace SmusServerless.Local.S3;

/// <summary>
/// An exclusive lock on one key, held across processes: a lock file opened with <see cref="FileShare.None"/>
/// (on Linux .NET takes a non-blocking <c>flock(LOCK_EX)</c>, which also excludes other handles in this process).
/// </summary>
internal sealed class KeyLock : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private readonly FileStream _handle;

    private KeyLock(FileStream handle) => _handle = handle;

    public static async Task<KeyLock> AcquireAsync(string lockPath, CancellationToken cancellationToken)
    {
        // Real time on purpose: this bounds a wait for another process, which a virtual clock would never advance.
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new KeyLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                // Held by another writer: wait briefly and retry, bounded so a stuck process cannot hang us forever.
                if (time.GetElapsedTime(started) > GiveUpAfter)
                    throw new Core.Storage.ObjectStoreException($"timed out after {GiveUpAfter.TotalSeconds:0}s waiting for the write lock {lockPath}");
                await Task.Delay(RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => _handle.DisposeAsync();
}
