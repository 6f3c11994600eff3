using System.Text.Json;

namespace SmusServerless.Local.DataZone.State;

/// <summary>State kept in memory for one process; a failed transaction leaves the state as it was.</summary>
public sealed class InMemoryDataZoneStateStore : IDataZoneStateStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DataZoneStateDocument _document = new();

    public async Task<T> TransactAsync<T>(Func<DataZoneStateDocument, T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var working = Clone(_document);
            var result = action(working);
            _document = working;
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static DataZoneStateDocument Clone(DataZoneStateDocument document) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(document, DataZoneStateJsonContext.Default.DataZoneStateDocument),
            DataZoneStateJsonContext.Default.DataZoneStateDocument)!;
}
