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

    [Fact]
    public async Task The_conflict_count_is_not_blind_two_writers_of_one_feed_do_meet()
    {
        var counter = fixture.App.Get<TableRevisionCounter>();
        var scope = new RecordScope(Guid.NewGuid().ToString(), "acct-a", "crm/contacts");

        var before = counter.Conflicts;
        await Task.WhenAll(WriteAsync(scope, "x"), WriteAsync(scope, "y"));

        Assert.True(counter.Conflicts - before > 0, "two writers of one feed raced and never met a conflict");
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
