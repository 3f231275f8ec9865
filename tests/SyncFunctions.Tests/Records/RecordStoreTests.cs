using System.Text.Json.Nodes;
using Azure.Data.Tables;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Tests.Records;

/// <summary>The record store on Azurite: change detection, revisions, the change feed, tombstones.</summary>
public sealed class RecordStoreTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly IRecordStore _store = fixture.App.Get<IRecordStore>();

    private static RecordScope NewScope() => new(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "crm/contacts");

    private static IncomingRecord Record(string id, string name, bool deleted = false)
    {
        var data = new JsonObject { ["id"] = id, ["name"] = name, ["updated_at"] = "2024-01-01T00:00:00Z" };
        return new IncomingRecord(id, CanonicalJson.Hash(data), deleted ? null : data, DateTimeOffset.Parse("2024-01-01T00:00:00Z"), deleted);
    }

    private TableClient Table(string name) => new(fixture.ConnectionString, fixture.App.TablePrefix + name);

    private async Task<List<RecordChange>> Changes(RecordScope scope, long after = 0)
    {
        var list = new List<RecordChange>();
        await foreach (var change in _store.ReadChangesAsync(scope, after, default))
        {
            list.Add(change);
        }

        return list;
    }

    [Fact]
    public async Task New_records_are_created_with_increasing_revisions_and_feed_entries()
    {
        var scope = NewScope();

        var outcome = await _store.PersistAsync(scope, "run-1", [Record("1", "Ada"), Record("2", "Bob"), Record("3", "Cy")], default);

        Assert.Equal((3, 0, 0, 0), (outcome.Created, outcome.Updated, outcome.Deleted, outcome.Unchanged));
        var stored = await _store.GetAsync(scope, "2", default);
        Assert.Equal("Bob", stored!.Data!["name"]!.GetValue<string>());
        Assert.Equal("run-1", stored.RunId);
        var changes = await Changes(scope);
        Assert.Equal([1L, 2L, 3L], changes.Select(c => c.Revision));
        Assert.Equal(["1", "2", "3"], changes.Select(c => c.Id).Order());
        Assert.All(changes, c => Assert.Equal(scope.AccountId, c.AccountId));
    }

    [Fact]
    public async Task Identical_content_is_not_rewritten()
    {
        var scope = NewScope();
        await _store.PersistAsync(scope, "run-1", [Record("1", "Ada"), Record("2", "Bob")], default);
        var before = Table("records").Query<TableEntity>(e => e.PartitionKey == TableLayout.Records.Partition(scope)).ToDictionary(e => e.RowKey, e => e.ETag);

        var outcome = await _store.PersistAsync(scope, "run-2", [Record("1", "Ada"), Record("2", "Bob")], default);

        Assert.Equal(2, outcome.Unchanged);
        Assert.Equal(0, outcome.Written);
        var after = Table("records").Query<TableEntity>(e => e.PartitionKey == TableLayout.Records.Partition(scope)).ToDictionary(e => e.RowKey, e => e.ETag);
        Assert.Equal(before, after);
        Assert.Equal(2, (await Changes(scope)).Count);
    }

    [Fact]
    public async Task A_change_takes_a_new_revision_and_a_delete_leaves_an_id_only_tombstone()
    {
        var scope = NewScope();
        await _store.PersistAsync(scope, "run-1", [Record("1", "Ada"), Record("2", "Bob")], default);

        var changed = await _store.PersistAsync(scope, "run-2", [Record("1", "Ada Lovelace"), Record("2", "Bob", deleted: true)], default);

        Assert.Equal((0, 1, 1, 0), (changed.Created, changed.Updated, changed.Deleted, changed.Unchanged));
        var one = await _store.GetAsync(scope, "1", default);
        var two = await _store.GetAsync(scope, "2", default);
        Assert.Equal("Ada Lovelace", one!.Data!["name"]!.GetValue<string>());
        Assert.True(one.Revision > 2);
        Assert.True(two!.Deleted);
        Assert.Null(two.Data);
        var feed = await Changes(scope, after: 2);
        Assert.Equal(2, feed.Count);
        Assert.True(feed.Single(c => c.Id == "2").Deleted);

        var again = await _store.PersistAsync(scope, "run-3", [Record("2", "Bob", deleted: true)], default);
        Assert.Equal(1, again.Unchanged);
    }

    [Fact]
    public async Task The_later_duplicate_in_a_page_wins_and_is_written_once()
    {
        var scope = NewScope();

        var outcome = await _store.PersistAsync(scope, "run-1", [Record("1", "old"), Record("1", "new")], default);

        Assert.Equal(1, outcome.Created);
        Assert.Equal("new", (await _store.GetAsync(scope, "1", default))!.Data!["name"]!.GetValue<string>());
        Assert.Single(await Changes(scope));
    }

    [Theory]
    [InlineData("a/b#c?d%e\\f")]
    [InlineData("ünïcødé 🚀")]
    [InlineData("tab\there")]
    [InlineData("100%")]
    public async Task Any_id_round_trips_through_the_row_key(string id)
    {
        var scope = NewScope();

        await _store.PersistAsync(scope, "run-1", [Record(id, "x")], default);

        Assert.Equal(id, (await _store.GetAsync(scope, id, default))!.Id);
        Assert.Equal(id, RecordKeys.Decode(RecordKeys.Encode(id)));
    }

    [Fact]
    public async Task Numeric_ids_sort_numerically_in_the_partition_and_others_keep_their_own_keys()
    {
        var scope = NewScope();
        var numbers = Enumerable.Range(0, 130).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var others = new[] { "007", "-1", "!019", "a/b", "x" };
        var page = numbers.Concat(others).Select(id => Record(id, "n")).ToList();
        new Random(3).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(page));

        await _store.PersistAsync(scope, "run-1", page, default);

        var rows = Table("records").Query<TableEntity>(e => e.PartitionKey == TableLayout.Records.Partition(scope)).ToList();
        Assert.Equal(numbers, rows.Select(r => r.GetString("Id")).Where(numbers.Contains));
        Assert.All(rows, r => Assert.Equal(RecordKeys.Encode(r.GetString("Id")), r.RowKey));
        foreach (var id in others)
        {
            Assert.Equal(id, (await _store.GetAsync(scope, id, default))!.Id);
        }
    }

    [Fact]
    public async Task Ids_too_long_for_a_key_and_oversized_records_are_rejected_not_fatal()
    {
        var scope = NewScope();
        var big = new JsonObject { ["id"] = "big", ["blob"] = new string('x', TableRecordStore.MaxRecordChars) };

        var outcome = await _store.PersistAsync(scope, "run-1",
            [Record(new string('k', 600), "long"), new IncomingRecord("big", CanonicalJson.Hash(big), big, null, false), Record("ok", "fine")], default);

        Assert.Equal(1, outcome.Created);
        Assert.Equal(["id_too_long", "too_large"], outcome.Rejected.Select(r => r.Reason).Order());
    }

    [Fact]
    public async Task Pages_beyond_one_transaction_are_split_by_count_and_size()
    {
        var scope = NewScope();
        var many = Enumerable.Range(1, 250).Select(i => Record(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "n" + i)).ToList();
        var heavy = Enumerable.Range(1, 30).Select(i =>
        {
            var data = new JsonObject { ["id"] = "h" + i, ["blob"] = new string((char)('a' + (i % 26)), 150_000) };
            return new IncomingRecord("h" + i, CanonicalJson.Hash(data), data, null, false);
        }).ToList();

        var first = await _store.PersistAsync(scope, "run-1", many, default);
        var second = await _store.PersistAsync(scope, "run-1", heavy, default);

        Assert.Equal(250, first.Created);
        Assert.Equal(30, second.Created);
        var count = 0;
        await foreach (var record in _store.ReadAllAsync(scope, default))
        {
            count++;
            if (record.Id == "h7")
            {
                Assert.Equal(150_000, record.Data!["blob"]!.GetValue<string>().Length);
            }
        }

        Assert.Equal(280, count);
        Assert.Equal(Enumerable.Range(1, 280).Select(i => (long)i), (await Changes(scope)).Select(c => c.Revision));
    }

    [Fact]
    public async Task A_transaction_never_spans_partitions()
    {
        var table = Table("records");
        await table.CreateIfNotExistsAsync();
        var actions = new[]
        {
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p1", "a")),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p2", "b")),
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => TableBatches.SubmitAsync(table, actions, default));
    }

    [Fact]
    public async Task Concurrent_allocations_never_share_a_revision()
    {
        var counter = fixture.App.Get<TableRevisionCounter>();
        var feed = NewScope();

        var firsts = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => counter.AllocateAsync(feed, 5, default)));

        var revisions = firsts.SelectMany(f => Enumerable.Range(0, 5).Select(i => f + i)).ToList();
        Assert.Equal(60, revisions.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), revisions.Order());
    }

    [Fact]
    public async Task Delete_tracking_tombstones_records_a_full_sync_did_not_see()
    {
        var scope = NewScope();
        await _store.PersistAsync(scope, "run-1", [Record("1", "a"), Record("2", "b"), Record("3", "c"), Record("4", "d")], default);
        await _store.MarkSeenAsync(scope, "run-2", ["1", "3"], default);

        var tombstoned = await _store.TombstoneUnseenAsync(scope, "run-2", default);

        Assert.Equal(2, tombstoned);
        Assert.False((await _store.GetAsync(scope, "1", default))!.Deleted);
        Assert.True((await _store.GetAsync(scope, "2", default))!.Deleted);
        Assert.True((await _store.GetAsync(scope, "4", default))!.Deleted);
        Assert.Empty(Table("seen").Query<TableEntity>(e => e.PartitionKey == TableLayout.Seen.Partition("run-2", scope)));
        Assert.Equal(2, (await Changes(scope, after: 4)).Count(c => c.Deleted));

        // Already tombstoned records are not tombstoned again by the next full sync.
        await _store.MarkSeenAsync(scope, "run-3", ["1", "3"], default);
        Assert.Equal(0, await _store.TombstoneUnseenAsync(scope, "run-3", default));
    }

    [Fact]
    public async Task Feed_entries_carry_the_records_first_revision_and_ranges_read_only_their_window()
    {
        var scope = NewScope();
        await _store.PersistAsync(scope, "run-1", [Record("1", "a"), Record("2", "b"), Record("3", "c")], default);
        await _store.PersistAsync(scope, "run-2", [Record("1", "a2"), Record("2", "b", deleted: true)], default);
        await _store.MarkSeenAsync(scope, "run-3", ["1"], default);
        await _store.TombstoneUnseenAsync(scope, "run-3", default);

        var feed = await Changes(scope);

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], feed.Select(c => c.Revision));
        Assert.Equal([1L, 2L, 3L, 1L, 2L, 3L], feed.Select(c => c.FirstRevision));
        Assert.All(feed, c => Assert.NotNull(c.SyncedAt));
        Assert.Equal(1, (await _store.GetAsync(scope, "1", default))!.FirstRevision);
        Assert.Equal([3L, 4L], (await _store.ReadChangesAsync(scope, 2, 5, 2, default)).Select(c => c.Revision));
        Assert.Equal([5L], (await _store.ReadChangesAsync(scope, 4, 5, 10, default)).Select(c => c.Revision));
        Assert.Empty(await _store.ReadChangesAsync(scope, 6, 6, 10, default));
    }

    [Fact]
    public async Task A_change_page_is_narrowed_to_one_accounts_resource_and_to_later_writes()
    {
        var scope = NewScope();
        var otherResource = scope with { Resource = "crm/deals" };
        var otherAccount = scope with { AccountId = Guid.NewGuid().ToString() };
        await _store.PersistAsync(scope, "run-1", [Record("1", "a")], default);
        await _store.PersistAsync(otherResource, "run-1", [Record("1", "a")], default);
        await _store.PersistAsync(otherAccount, "run-1", [Record("1", "a")], default);
        await _store.PersistAsync(scope, "run-2", [Record("2", "b")], default);
        var firstWrite = (await Changes(scope)).Single(c => c.Revision == 1).SyncedAt!.Value;

        var all = await _store.ReadChangePageAsync(scope.EnvironmentId, new ChangeFilter(scope.AccountId, scope.Resource, null), 10, null, default);
        var later = await _store.ReadChangePageAsync(scope.EnvironmentId, new ChangeFilter(scope.AccountId, scope.Resource, firstWrite), 10, null, default);

        // Revisions count within the feed (account, resource): the other feeds' writes took none of its numbers.
        Assert.Equal([1L, 2L], all.Items.Select(c => c.Revision));
        Assert.Equal(["1", "2"], all.Items.Select(c => c.Id));
        Assert.Equal([2L], later.Items.Select(c => c.Revision));
        Assert.Equal([1L], (await Changes(otherResource)).Select(c => c.Revision));
        Assert.Equal([1L], (await Changes(otherAccount)).Select(c => c.Revision));
    }
}
