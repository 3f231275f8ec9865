using System.Globalization;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage;
using SyncFunctions.Storage.Tables;
using Xunit.Abstractions;

namespace SyncFunctions.Tests.Records;

/// <summary>
/// What a page write costs, counted by the storage meter rather than timed: change detection must
/// not cost one request per record, nor grow with the records already stored.
/// </summary>
public sealed class PersistCostTests(AppFixture fixture, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly TableRecordStore _store = Assert.IsType<TableRecordStore>(fixture.App.Get<IRecordStore>());

    private string RecordsTable => fixture.App.TablePrefix + "records";

    [Fact]
    public async Task An_id_ordered_page_costs_the_same_few_requests_over_1000_or_20000_stored_records()
    {
        var small = await PersistPageAfterAsync(1_000);
        var large = await PersistPageAfterAsync(20_000);

        output.WriteLine($"1 000 stored: {small}");
        output.WriteLine($"20 000 stored: {large}");
        Assert.Equal(small.Requests, large.Requests);

        // One read of the page's stored state, the revision block (read + update), the feed batch and the records batch.
        Assert.InRange(large.Requests, 1, 6);
        Assert.InRange(large.ByTable[RecordsTable].EntitiesRead, 50, 200);
    }

    [Fact]
    public async Task A_page_of_every_third_id_reads_further_ranges_rather_than_one_point_read_per_record()
    {
        var scope = NewScope();
        await SeedAsync(scope, 3_000);
        var page = Enumerable.Range(0, 100).Select(i => Record(1_000 + (i * 3), changed: true)).ToList();

        StorageMeasurement cost;
        using (cost = StorageMeter.Measure())
        {
            Assert.Equal(100, (await _store.PersistAsync(scope, "run-2", page, default)).Updated);
        }

        output.WriteLine($"every third id: {cost}");

        // The first range (200 rows) reaches two thirds of the page; the density it saw sizes one more.
        // (Writes are transactions, counted under $batch.)
        Assert.InRange(cost.ByTable[RecordsTable].Requests, 2, 3);
    }

    [Fact]
    public async Task Ids_scattered_over_the_store_fall_back_to_point_reads_and_cost_no_more_than_one_read_per_record()
    {
        var scope = NewScope();
        await SeedAsync(scope, 5_000);
        var random = new Random(12);
        var page = Enumerable.Range(0, 100).Select(_ => random.Next(1, 5_001)).Distinct().Select(i => Record(i, changed: false)).ToList();

        StorageMeasurement cost;
        using (cost = StorageMeter.Measure())
        {
            Assert.Equal(page.Count, (await _store.PersistAsync(scope, "run-2", page, default)).Unchanged);
        }

        output.WriteLine($"{page.Count} scattered ids: {cost}");
        Assert.InRange(cost.ByTable[RecordsTable].Requests, 1, page.Count + 1);
    }

    // Seeds ids 1..stored, then writes the page n-49..n+50: 25 changed, 25 unchanged, 50 new.
    private async Task<StorageMeasurement> PersistPageAfterAsync(int stored)
    {
        var scope = NewScope();
        await SeedAsync(scope, stored);
        var page = Enumerable.Range(stored - 49, 100).Select(i => Record(i, changed: i > stored || i % 2 == 1)).ToList();

        StorageMeasurement cost;
        PersistOutcome outcome;
        using (cost = StorageMeter.Measure())
        {
            outcome = await _store.PersistAsync(scope, "run-2", page, default);
        }

        Assert.Equal((50, 25, 0, 25), (outcome.Created, outcome.Updated, outcome.Deleted, outcome.Unchanged));
        return cost;
    }

    private static RecordScope NewScope() => new(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "crm/contacts");

    // The seeded hash of id i is "h{i}": an unchanged record in a page carries the same.
    private static IncomingRecord Record(int i, bool changed)
    {
        var id = i.ToString(CultureInfo.InvariantCulture);
        return new IncomingRecord(id, (changed ? "c" : "h") + id, new JsonObject { ["id"] = i }, null, false);
    }

    private async Task SeedAsync(RecordScope scope, int count)
    {
        var chunks = Enumerable.Range(1, count).Chunk(1_000).Select(c => c.Select(i => Record(i, changed: false)).ToList());
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
            await _store.AppendNewAsync(scope, "seed", chunk, ct));
    }
}
