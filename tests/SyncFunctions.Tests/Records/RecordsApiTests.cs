using System.Text.Json;
using SyncFunctions.Records;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.DeviceSync;

namespace SyncFunctions.Tests.Records;

/// <summary>GET api/records: one account's resource in revision order, each record once, tombstones included, cursor-paginated.</summary>
public sealed class RecordsApiTests(DeviceSyncFixture fixture) : IClassFixture<DeviceSyncFixture>
{
    private Task<TestResponse> ListAsync(string key, string query) =>
        TestRequest.Get("records?" + query).Bearer(key).SendAsync(fixture.App.Function<RecordFunctions>().List);

    [Fact]
    public async Task Records_come_in_revision_order_once_each_with_sync_metadata_and_tombstones()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Stage.Record("1", "Ada"), Stage.Record("2", "Bob"), Stage.Record("3", "Cy"));
        await stage.WriteAsync(Stage.Record("1", "Ada v2"));
        await stage.DeleteAsync("2");
        await stage.WriteAsync(stage.Deals, Stage.Record("d1", "Deal"));

        var response = await ListAsync(stage.Key, $"resource=crm/contacts&integrated_account_id={stage.AccountId}");

        Assert.Equal(200, response.Status);
        var data = response.Json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["3", "1", "2"], data.Select(r => r.GetProperty("id").ToString()));
        Assert.Equal(JsonValueKind.Null, response.Json.GetProperty("next_cursor").ValueKind);
        var revisions = data.Select(r => r.GetProperty("_sync").GetProperty("revision").GetInt64()).ToList();
        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(await stage.RevisionOfAsync("1"), revisions[1]);
        Assert.Equal("Ada v2", data[1].GetProperty("name").GetString());
        Assert.False(data[1].GetProperty("_sync").GetProperty("deleted").GetBoolean());
        Assert.Equal("""{"id":2,"_sync":{"revision":REV,"deleted":true,"last_modified_at":"AT"}}""".Replace("REV", revisions[2].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("AT", data[2].GetProperty("_sync").GetProperty("last_modified_at").GetString(), StringComparison.Ordinal), data[2].GetRawText());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", data[0].GetProperty("_sync").GetProperty("last_modified_at").GetString());
    }

    [Fact]
    public async Task Pages_follow_next_cursor_and_modified_after_narrows_to_later_writes()
    {
        var stage = await fixture.NewStageAsync();
        await stage.WriteAsync(Enumerable.Range(1, 5).Select(i => Stage.Record(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "n")).ToArray());
        var cut = fixture.Clock.GetUtcNow();
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        await stage.WriteAsync(Stage.Record("2", "changed"), Stage.Record("6", "new"));

        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await ListAsync(stage.Key, $"resource=crm/contacts&integrated_account_id={stage.AccountId}&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.True(page.Status == 200, page.ToString());
            ids.AddRange(page.Json.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").ToString()));
            cursor = page.Str("next_cursor");
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(["1", "3", "4", "5", "2", "6"], ids);
        Assert.True(pages >= 3);

        var recent = await ListAsync(stage.Key, $"resource=crm/contacts&integrated_account_id={stage.AccountId}&modified_after={Uri.EscapeDataString(cut.ToString("O"))}");
        Assert.Equal(["2", "6"], recent.Json.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").ToString()));

        var first = await ListAsync(stage.Key, $"resource=crm/contacts&integrated_account_id={stage.AccountId}&limit=2");
        var elsewhere = await ListAsync(stage.Key, $"resource=crm/deals&integrated_account_id={stage.AccountId}&cursor={Uri.EscapeDataString(first.Str("next_cursor")!)}");
        Assert.Equal((400, "invalid_cursor"), (elsewhere.Status, elsewhere.Str("code")));
    }

    [Fact]
    public async Task Bad_queries_are_400s_and_other_environments_accounts_are_404s()
    {
        var stage = await fixture.NewStageAsync();
        var other = await fixture.NewStageAsync();
        await other.WriteAsync(Stage.Record("1", "Eve"));

        var missing = await ListAsync(stage.Key, "limit=5");
        var badDate = await ListAsync(stage.Key, $"resource=crm/contacts&integrated_account_id={stage.AccountId}&modified_after=yesterday");
        var badLimit = await ListAsync(stage.Key, $"resource=crm/contacts&integrated_account_id={stage.AccountId}&limit=0");
        var foreign = await ListAsync(stage.Key, $"resource=crm/contacts&integrated_account_id={other.AccountId}");
        var unknown = await ListAsync(stage.Key, "resource=crm/contacts&integrated_account_id=a%2Fb");

        Assert.Equal(400, missing.Status);
        Assert.Equal(["resource", "integrated_account_id"], missing.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal((400, "modified_after"), (badDate.Status, badDate.Str("field")));
        Assert.Equal((400, "limit"), (badLimit.Status, badLimit.Str("field")));
        Assert.Equal((404, "integrated_account_id"), (foreign.Status, foreign.Str("field")));
        Assert.Equal(404, unknown.Status);
    }
}
