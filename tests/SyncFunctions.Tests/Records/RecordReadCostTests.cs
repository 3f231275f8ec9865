using System.Globalization;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage;

namespace SyncFunctions.Tests.Records;

/// <summary>
/// The read path at storage speed (issue 12): a page of records that sit together costs a range read, not one request
/// per record; scattered ids still come back right. Counted with the storage meter, not timed.
/// </summary>
public sealed class RecordReadCostTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const int Stored = 2_000;

    private static string Id(int i) => i.ToString(CultureInfo.InvariantCulture);

    private async Task<RecordScope> SeedAsync()
    {
        var scope = new RecordScope(Guid.NewGuid().ToString(), "acct", "crm/contacts");
        var store = fixture.App.Get<IRecordStore>();
        for (var page = 0; page < Stored / 100; page++)
        {
            var records = Enumerable.Range(page * 100 + 1, 100)
                .Select(i => new IncomingRecord(Id(i), "h" + i, new JsonObject { ["id"] = i, ["name"] = "contact " + i }, null, false))
                .ToList();
            await store.PersistAsync(scope, "run", records, default);
        }

        return scope;
    }

    [Fact]
    public async Task Two_hundred_neighbouring_records_cost_a_request_or_two_and_equal_the_point_reads()
    {
        var scope = await SeedAsync();
        var store = fixture.App.Get<IRecordStore>();
        var ids = Enumerable.Range(801, 200).Select(Id).ToList();

        IReadOnlyDictionary<string, StoredRecord> found;
        StorageMeasurement cost;
        using (cost = StorageMeter.Measure())
        {
            found = await store.GetManyAsync(scope, ids, default);
        }

        Assert.InRange(cost.Requests, 1, 2);
        Assert.Equal(ids.Order(), found.Keys.Order());
        foreach (var id in ids.Take(20))
        {
            var one = await store.GetAsync(scope, id, default);
            Assert.Equal(one!.Revision, found[id].Revision);
            Assert.Equal(one.Data!.ToJsonString(), found[id].Data!.ToJsonString());
        }
    }

    [Fact]
    public async Task Scattered_and_missing_ids_come_back_right_in_no_more_requests_than_ids()
    {
        var scope = await SeedAsync();
        var store = fixture.App.Get<IRecordStore>();
        var ids = Enumerable.Range(0, 30).Select(i => Id(1 + (i * 67))).Append("not-stored").Append(Id(Stored + 5)).ToList();

        IReadOnlyDictionary<string, StoredRecord> found;
        StorageMeasurement cost;
        using (cost = StorageMeter.Measure())
        {
            found = await store.GetManyAsync(scope, ids, default);
        }

        Assert.InRange(cost.Requests, 1, ids.Count + 3);
        Assert.Equal(ids.Take(30).Order(), found.Keys.Order());
        Assert.All(found, f => Assert.Equal(f.Key, f.Value.Id));
    }
}
