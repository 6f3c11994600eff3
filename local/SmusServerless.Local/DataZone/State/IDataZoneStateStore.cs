namespace SmusServerless.Local.DataZone.State;

/// <summary>Where the simulator's state lives. A transaction sees and changes the state alone (also across processes).</summary>
public interface IDataZoneStateStore
{
    Task<T> TransactAsync<T>(Func<DataZoneStateDocument, T> action, CancellationToken cancellationToken);
}
