using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Runs;

/// <summary>An Idempotency-Key's record: the run it created, and that run as first answered (null while the create is in flight).</summary>
public sealed record IdempotentRun(string RunId, DateTimeOffset ReservedAt, SyncJobRun? Original);

/// <summary>
/// Idempotency-Key for run creation: the first request with a key creates a run (201); every later one in the same
/// environment gets that run back as it was first answered (200, same body). A key whose create is still in flight
/// answers 409; a reservation whose creator died is taken over after <see cref="RunAdmission.PendingClaimLifetime"/>.
/// </summary>
public sealed class RunIdempotency(IIdempotencyStore store, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string KeyInFlight = "idempotency_key_in_flight";
    public const string KeyReused = "idempotency_key_reused";

    public static void Check(string key)
    {
        if (key.Length is 0 or > 255 || key.Any(c => c is < '!' or > '~'))
        {
            throw ApiException.Validation(Header, "Idempotency-Key is 1 to 255 printable ASCII characters without spaces.");
        }
    }

    /// <summary>The original run for this key, or null when this request is the first (the key is then reserved for <paramref name="run"/>).</summary>
    public async Task<SyncJobRun?> ReserveAsync(string environmentId, string key, SyncJobRun run, CancellationToken ct)
    {
        var mine = new IdempotentRun(run.Id, clock.GetUtcNow(), null);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await store.GetAsync(environmentId, key, ct);
            if (current is null)
            {
                if (await store.TryAddAsync(environmentId, key, mine, ct))
                {
                    return null;
                }

                continue;
            }

            var (entry, etag) = current.Value;
            if (entry.Original is { } original)
            {
                if (original.SyncJobId != run.SyncJobId || original.IntegratedAccountId != run.IntegratedAccountId)
                {
                    throw ApiException.Conflict(KeyReused, "This Idempotency-Key was used for a run of another sync job or account.", Header);
                }

                return original;
            }

            if (clock.GetUtcNow() - entry.ReservedAt < RunAdmission.PendingClaimLifetime)
            {
                throw ApiException.Conflict(KeyInFlight, "A request with this Idempotency-Key is still being processed; retry shortly.", Header);
            }

            if (await store.TryReplaceAsync(environmentId, key, mine, etag, ct))
            {
                return null;
            }
        }

        throw new Concurrency.ConcurrencyException();
    }

    /// <summary>Records the run as answered, so repeats get the same body.</summary>
    public async Task CompleteAsync(string environmentId, string key, SyncJobRun run, CancellationToken ct)
    {
        var current = await store.GetAsync(environmentId, key, ct);
        if (current is { } c && c.Entry.RunId == run.Id)
        {
            await store.TryReplaceAsync(environmentId, key, c.Entry with { Original = run }, c.ETag, ct);
        }
    }
}
