namespace SyncFunctions.Core.Health;

/// <summary>A real write/read/delete round trip through storage, run by the self-test orchestration.</summary>
public interface IStorageRoundTrip
{
    Task<IReadOnlyDictionary<string, string>> RunAsync(string probeId, CancellationToken ct);
}
