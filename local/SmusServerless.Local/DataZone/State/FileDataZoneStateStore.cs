using System.Text.Json;

namespace SmusServerless.Local.DataZone.State;

/// <summary>
/// State persisted as <c>datazone.json</c> in a state directory. Each transaction holds an exclusive lock file
/// (<c>datazone.lock</c>) while it reads, changes and atomically replaces the document, so two processes
/// (the <c>serve</c> host and a CLI command) can share one state directory safely.
/// </summary>
public sealed class FileDataZoneStateStore : IDataZoneStateStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _statePath;
    private readonly string _lockPath;

    public FileDataZoneStateStore(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        _statePath = Path.Combine(stateDirectory, "datazone.json");
        _lockPath = Path.Combine(stateDirectory, "datazone.lock");
    }

    public string StatePath => _statePath;

    public async Task<T> TransactAsync<T>(Func<DataZoneStateDocument, T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var fileLock = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
            var original = File.Exists(_statePath) ? await File.ReadAllBytesAsync(_statePath, cancellationToken).ConfigureAwait(false) : [];
            var document = original.Length == 0
                ? new DataZoneStateDocument()
                : JsonSerializer.Deserialize(original, DataZoneStateJsonContext.Default.DataZoneStateDocument)
                  ?? throw new InvalidDataException($"{_statePath}: the state document is empty.");
            var result = action(document);
            var updated = JsonSerializer.SerializeToUtf8Bytes(document, DataZoneStateJsonContext.Default.DataZoneStateDocument);
            if (!updated.AsSpan().SequenceEqual(original))
            {
                var temporary = _statePath + ".tmp";
                await File.WriteAllBytesAsync(temporary, updated, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, _statePath, overwrite: true);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another process holds the lock; wall-clock back-off is right here, it is real contention.
                await Task.Delay(TimeSpan.FromMilliseconds(15), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
