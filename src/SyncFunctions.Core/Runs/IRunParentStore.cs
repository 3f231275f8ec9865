namespace SyncFunctions.Core.Runs;

/// <summary>
/// depends_on: the records a parent entry fetched during one run, written by its page activities and read by the
/// orchestrator (keys, to fan out) and by the child's page activities (the record, for placeholders). Kept outside
/// orchestration history, which must stay small, and outside the record store, because persist:false parents are
/// not stored there at all.
/// </summary>
public interface IRunParentStore
{
    /// <summary>Upserts: a retried page writes the same keys again.</summary>
    Task SaveAsync(string environmentId, string runId, int entryIndex, IReadOnlyList<ParentRecord> records, CancellationToken ct);

    Task<ParentRecord?> GetAsync(string environmentId, string runId, int entryIndex, string key, CancellationToken ct);

    Task<ParentKeyPage> ListKeysAsync(string environmentId, string runId, int entryIndex, string? after, int limit, CancellationToken ct);

    /// <summary>Removes what the run kept for <paramref name="entryIndexes"/>; returns how many records were removed.</summary>
    Task<int> DeleteAsync(string environmentId, string runId, IEnumerable<int> entryIndexes, CancellationToken ct);
}
