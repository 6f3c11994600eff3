namespace SmusServerless.Local.Approvals;

/// <summary>
/// An exclusive lock on a lock file, held across processes: on Unix .NET takes an advisory flock(LOCK_EX) for
/// <see cref="FileShare.None"/>, and every open is its own lock owner, so threads of one process exclude each other too.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var delay = 1;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Held by someone else: back off briefly (bounded), then try again.
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
