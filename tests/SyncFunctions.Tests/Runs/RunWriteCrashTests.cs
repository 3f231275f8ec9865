using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Records;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Storage.Tables;
using SyncFunctions.Testing;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.DeviceSync;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Fault suite: a worker that dies after taking a page's revisions from the counter and before writing the page (a
/// hole in the change feed). Durable runs the activity again; the store ends equal to the upstream, the feed holds one
/// row per record, and a device receives every record exactly once.
/// </summary>
public sealed class RunWriteCrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_crash_between_the_counter_update_and_the_writes_loses_and_duplicates_nothing()
    {
        var crash = new CrashAfterCounter();
        await using var hub = await RunScenario.StartDemoAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 150 },
            services: s => s.AddSingleton<IRecordStore>(sp => crash.Around(ActivatorUtilities.CreateInstance<TableRecordStore>(sp), sp.GetRequiredService<TableRevisionCounter>())));
        var job = await hub.CreateJobAsync(RunScenario.ContactsJob);
        var key = (await new AdminClient(hub.App).NewKeyAsync(hub.EnvironmentId, "sync")).Token;

        var run = await hub.RunAsync(job);

        Assert.Equal(1, crash.Crashes);
        Assert.Equal("completed", run.Str("status"));
        var records = (await hub.StoredAsync("crm/contacts")).Where(r => !r.Deleted).ToDictionary(r => r.Id, r => CanonicalJson.Hash(r.Data!));
        Assert.Equal(hub.Upstream.Data.Snapshot(DemoResources.Contacts).ToDictionary(r => r["id"]!.ToString(), CanonicalJson.Hash), records);
        var feed = new List<RecordChange>();
        await foreach (var change in hub.App.Get<IRecordStore>().ReadChangesAsync(new RecordScope(hub.EnvironmentId, hub.AccountId, "crm/contacts"), 0, default))
        {
            feed.Add(change);
        }

        Assert.Equal(150, feed.Count(c => c.Resource == "crm/contacts"));
        Assert.Equal(150, feed.Where(c => c.Resource == "crm/contacts").Select(c => c.Id).Distinct().Count());
        var items = await new BaseDevice(hub.App, key, Guid.NewGuid().ToString()).SyncAsync(new AckPump(hub.App, azurite.ConnectionString));
        Assert.Equal(150, items.Count(i => i.Type == "contact"));
        Assert.Equal(150, items.Where(i => i.Type == "contact").Select(i => i.Id).Distinct().Count());
    }

    /// <summary>On the second page: takes its revisions, then dies before writing anything.</summary>
    private sealed class CrashAfterCounter
    {
        private int _calls;
        private int _crashes;

        public int Crashes => _crashes;

        public IRecordStore Around(IRecordStore inner, TableRevisionCounter counter) => new Store(this, inner, counter);

        private sealed class Store(CrashAfterCounter owner, IRecordStore inner, TableRevisionCounter counter) : IRecordStore
        {
            public async Task<PersistOutcome> PersistAsync(RecordScope scope, string runId, IReadOnlyList<IncomingRecord> records, CancellationToken ct, Func<CancellationToken, Task>? beforeWrite = null)
            {
                if (scope.Resource == "crm/contacts" && Interlocked.Increment(ref owner._calls) == 2 && Interlocked.Exchange(ref owner._crashes, 1) == 0)
                {
                    await counter.AllocateAsync(scope, records.Count, ct);
                    throw new IOException("the worker died after taking revisions");
                }

                return await inner.PersistAsync(scope, runId, records, ct, beforeWrite);
            }

            public Task MarkSeenAsync(RecordScope scope, string runId, IReadOnlyList<string> ids, CancellationToken ct) => inner.MarkSeenAsync(scope, runId, ids, ct);

            public Task<int> TombstoneUnseenAsync(RecordScope scope, string runId, CancellationToken ct) => inner.TombstoneUnseenAsync(scope, runId, ct);

            public Task<StoredRecord?> GetAsync(RecordScope scope, string id, CancellationToken ct) => inner.GetAsync(scope, id, ct);

            public Task<IReadOnlyDictionary<string, StoredRecord>> GetManyAsync(RecordScope scope, IReadOnlyCollection<string> ids, CancellationToken ct) =>
                inner.GetManyAsync(scope, ids, ct);

            public IAsyncEnumerable<StoredRecord> ReadAllAsync(RecordScope scope, CancellationToken ct) => inner.ReadAllAsync(scope, ct);

            public Task<IReadOnlyList<FeedHead>> ReadFeedHeadsAsync(string environmentId, IReadOnlySet<string>? accountIds, CancellationToken ct) =>
                inner.ReadFeedHeadsAsync(environmentId, accountIds, ct);

            public IAsyncEnumerable<RecordChange> ReadChangesAsync(RecordScope feed, long afterRevision, CancellationToken ct) => inner.ReadChangesAsync(feed, afterRevision, ct);

            public Task<IReadOnlyList<RecordChange>> ReadChangesAsync(RecordScope feed, long afterRevision, long throughRevision, int max, CancellationToken ct) =>
                inner.ReadChangesAsync(feed, afterRevision, throughRevision, max, ct);

            public Task<StorePage<RecordChange>> ReadChangePageAsync(string environmentId, ChangeFilter filter, int limit, string? continuation, CancellationToken ct) =>
                inner.ReadChangePageAsync(environmentId, filter, limit, continuation, ct);
        }
    }
}
