using System.Text.Json.Nodes;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Tests.Records;

/// <summary>
/// Issue 13: runs of different accounts never contend on one counter row. Counted, not timed: the revision
/// counter counts the ETag conflicts (409/412) its writers meet.
/// </summary>
public sealed class FeedContentionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const int Pages = 15;

    [Fact]
    public async Task Two_accounts_writing_at_once_never_retry_on_a_shared_counter()
    {
        var counter = fixture.App.Get<TableRevisionCounter>();
        var env = Guid.NewGuid().ToString();
        var a = new RecordScope(env, "acct-a", "crm/contacts");
        var b = new RecordScope(env, "acct-b", "crm/contacts");

        var before = counter.Conflicts;
        await Task.WhenAll(WriteAsync(a, "a"), WriteAsync(b, "b"));

        Assert.Equal(0, counter.Conflicts - before);
    }

    /// <summary>Two processes (two counters) taking blocks of one feed do race; within one process they take turns.</summary>
    [Fact]
    public async Task The_conflict_count_is_not_blind_two_writers_of_one_feed_do_meet()
    {
        var tables = fixture.App.Get<TableStore>();
        var (one, other) = (new TableRevisionCounter(tables), new TableRevisionCounter(tables));
        var scope = new RecordScope(Guid.NewGuid().ToString(), "acct-a", "crm/contacts");

        async Task<List<long>> TakeAsync(TableRevisionCounter counter)
        {
            var firsts = new List<long>();
            for (var i = 0; i < Pages; i++)
            {
                firsts.Add(await counter.AllocateAsync(scope, 100, default));
                await Task.Yield();
            }

            return firsts;
        }

        var blocks = await Task.WhenAll(TakeAsync(one), TakeAsync(other));

        Assert.True(one.Conflicts + other.Conflicts > 0, "two writers of one feed raced and never met a conflict");
        Assert.Equal(2 * Pages, blocks.SelectMany(b => b).Distinct().Count()); // and never shared a block
    }

    private async Task WriteAsync(RecordScope scope, string prefix)
    {
        var store = fixture.App.Get<IRecordStore>();
        for (var page = 0; page < Pages; page++)
        {
            var records = Enumerable.Range(0, 100).Select(i =>
            {
                var id = $"{prefix}{page:D3}{i:D3}";
                return new IncomingRecord(id, "h" + id, new JsonObject { ["id"] = id }, null, false);
            }).ToList();
            await store.PersistAsync(scope, "run-" + prefix, records, default);
            await Task.Yield();
        }
    }
}
