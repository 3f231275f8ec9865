using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Records;
using SyncFunctions.Runs;
using SyncFunctions.Testing.Http;
using SyncFunctions.Testing.Webhooks;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.DeviceSync;

namespace SyncFunctions.Tests.Runs;

/// <summary>
/// Unified resources end to end on Azurite and the Durable harness: the demo upstream serves the same contacts flat
/// (integration "demo", raw resource crm/contacts) and HubSpot-shaped (integration "hubspot", raw resource contacts);
/// the environment's unified model "crm" maps both into crm/contacts. Expected values are computed from the
/// upstream's own data, field by field.
/// </summary>
public sealed class UnifiedRunTests(HubFixture hub) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private const int Contacts = 6;
    private RunScenario _hub = null!;
    private string _hubspotAccount = "";

    private DemoUpstreamServer Upstream => _hub.Upstream;

    public static object Model => JsonNode.Parse("""
        {
          "resources": {
            "contacts": {
              "schema": { "type": "object", "properties": { "id": { "type": "string" }, "email": { "type": ["string", "null"] } }, "required": ["id"] },
              "validate_records": true,
              "integration_mapping": {
                "demo": {
                  "resource": "crm/contacts",
                  "response_mapping": {
                    "id": "to_string(id)", "first_name": "first_name", "last_name": "last_name", "name": "concat_ws(' ', first_name, last_name)",
                    "email": "email", "company": "company", "updated_at": "to_iso8601(updated_at)"
                  }
                },
                "hubspot": {
                  "resource": "contacts",
                  "response_mapping": {
                    "id": "id", "first_name": "properties.firstname", "last_name": "properties.lastname",
                    "name": "concat_ws(' ', properties.firstname, properties.lastname)",
                    "email": "properties.email", "company": "properties.company", "updated_at": "to_iso8601(updatedAt)"
                  },
                  "query_mapping": { "updatedAfter": "previous_run_date" }
                }
              }
            }
          }
        }
        """)!;

    public static object HubSpotIntegration(string baseUrl, object? overrides = null) => new
    {
        base_url = baseUrl,
        auth = new { type = "bearer" },
        unified_overrides = overrides,
        resources = new Dictionary<string, object>
        {
            ["contacts"] = new
            {
                type_name = "contact",
                updated_at_field = "updatedAt",
                list = new
                {
                    path = HubSpotPath,
                    records_path = "$.results",
                    pagination = new { type = "cursor", cursor_param = "after", cursor_path = "$.paging.next.after", page_size_param = "limit", page_size = 4 },
                },
            },
        },
    };

    private const string HubSpotPath = "/hubspot/crm/v3/objects/contacts";

    public async Task InitializeAsync()
    {
        _hub = await hub.StageDemoAsync(new DemoUpstreamOptions { Contacts = Contacts, Users = 2, Deals = 1, Clock = () => DateTimeOffset.UtcNow });
        await PutAsync("integrations/hubspot", HubSpotIntegration(BaseUrl), r => _hub.App.Function<IntegrationFunctions>().Put(r, "hubspot"));
        _hubspotAccount = await NewAccountAsync("hubspot");
        await PutAsync("unified-models/crm", Model, r => _hub.App.Function<UnifiedModelFunctions>().Put(r, "crm"));
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private string BaseUrl => Upstream.BaseUrl.ToString().TrimEnd('/');

    private async Task PutAsync(string path, object body, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> function, int status = 0)
    {
        var response = await TestRequest.Put(path).Bearer(_hub.Key).Json(body).SendAsync(function);
        Assert.True(status == 0 ? response.Status is 200 or 201 : response.Status == status, response.ToString());
    }

    private async Task<string> NewAccountAsync(string integration)
    {
        var account = await TestRequest.Post("integrated-accounts").Bearer(_hub.Key)
            .Json(new { integration_name = integration, credentials = new { token = RunScenario.DemoToken } })
            .SendAsync(_hub.App.Function<AccountFunctions>().Create);
        Assert.True(account.Status == 201, account.ToString());
        return account.Str("id")!;
    }

    private Task<string> UnifiedJobAsync(string integration) =>
        _hub.CreateJobAsIsAsync($$"""{"integration_name":"{{integration}}","resources":[{"resource":"crm/contacts","method":"list"}]}""");

    /// <summary>What the mappings should give for a flat demo contact, whichever integration carried it.</summary>
    private static Dictionary<string, string?> Expected(JsonObject flat) => new()
    {
        ["id"] = flat["id"]!.ToJsonString(),
        ["first_name"] = (string?)flat["first_name"],
        ["last_name"] = (string?)flat["last_name"],
        ["name"] = $"{flat["first_name"]} {flat["last_name"]}",
        ["email"] = (string?)flat["email"],
        ["company"] = (string?)flat["company"],
        ["updated_at"] = DateTimeOffset.Parse((string)flat["updated_at"]!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, string?> Fields(JsonObject unified) =>
        new[] { "id", "first_name", "last_name", "name", "email", "company", "updated_at" }.ToDictionary(f => f, f => (string?)unified[f]);

    [Fact]
    public async Task Two_integrations_with_different_raw_shapes_fill_one_unified_resource()
    {
        var demoRun = await _hub.RunAsync(await UnifiedJobAsync("demo"));
        var hubspotRun = await _hub.RunAsync(await UnifiedJobAsync("hubspot"), accountId: _hubspotAccount);

        Assert.Equal(("completed", "completed"), (demoRun.Str("status"), hubspotRun.Str("status")));
        var expected = Upstream.Data.Snapshot(DemoResources.Contacts).OrderBy(c => (long)c["id"]!).Select(Expected).ToList();
        foreach (var (run, account) in new[] { (demoRun, _hub.AccountId), (hubspotRun, _hubspotAccount) })
        {
            var stats = run.Json.GetProperty("resource_stats").GetProperty("crm/contacts").GetProperty("list");
            Assert.Equal((Contacts, Contacts), (stats.GetProperty("fetched").GetInt64(), stats.GetProperty("persisted").GetInt64()));
            var stored = (await _hub.StoredAsync("crm/contacts", account)).OrderBy(r => long.Parse(r.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(expected.Count, stored.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], Fields(stored[i].Data!));
                Assert.Equal(expected[i]["id"], stored[i].Id);
            }
        }

        // The raw record is kept as it came: flat from one, HubSpot-shaped from the other.
        var flat = (await _hub.StoredAsync("crm/contacts")).First().Data!["remote_data"]!;
        var hub = (await _hub.StoredAsync("crm/contacts", _hubspotAccount)).First().Data!["remote_data"]!;
        Assert.NotNull(flat["first_name"]);
        Assert.NotNull(hub["properties"]!["firstname"]);

        // The unified query went to HubSpot in its own words: updatedAfter, from the mapped previous_run_date.
        Assert.All(Upstream.Requests.ForPath(HubSpotPath), r => Assert.Equal("1970-01-01T00:00:00.000Z", r.Query("updatedAfter")));

        // GET api/records serves the unified resource, and a device receives unified records as contacts.
        var key = (await new AdminClient(_hub.App).NewKeyAsync(_hub.EnvironmentId, "sync", "records")).Token;
        var listed = await TestRequest.Get($"records?resource=crm%2Fcontacts&integrated_account_id={_hubspotAccount}").Bearer(key)
            .SendAsync(_hub.App.Function<RecordFunctions>().List);
        Assert.True(listed.Status == 200, listed.ToString());
        Assert.Equal(expected.Select(e => e["email"]).Order(), listed.Json.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("email").GetString()).Order());
        var items = await new BaseDevice(_hub.App, key, Guid.NewGuid().ToString()).DrainAsync();
        Assert.Equal(2 * Contacts, items.Count);
        Assert.All(items, item => Assert.Equal("contact", item.Type));
        Assert.All(items, item => Assert.True(item.Data.TryGetProperty("remote_data", out _)));
    }

    [Fact]
    public async Task An_account_override_beats_the_environment_override_which_beats_the_base_mapping()
    {
        await PutAsync("integrations/hubspot", HubSpotIntegration(BaseUrl, new Dictionary<string, object>
        {
            ["crm/contacts"] = new { response_mapping = new Dictionary<string, string> { ["email"] = "concat_ws(':', 'env', properties.email)", ["tier"] = "'env'" } },
        }), r => _hub.App.Function<IntegrationFunctions>().Put(r, "hubspot"));
        var account = await NewAccountAsync("hubspot");
        var patched = await TestRequest.Patch($"integrated-accounts/{account}").Bearer(_hub.Key)
            .Json(new { unified_overrides = new Dictionary<string, object> { ["crm/contacts"] = new { response_mapping = new Dictionary<string, string> { ["tier"] = "'account'" } } } })
            .SendAsync(r => _hub.App.Function<AccountFunctions>().Update(r, account));
        Assert.True(patched.Status == 200, patched.ToString());

        var run = await _hub.RunAsync(await UnifiedJobAsync("hubspot"), accountId: account);

        Assert.Equal("completed", run.Str("status"));
        var byId = Upstream.Data.Snapshot(DemoResources.Contacts).ToDictionary(c => c["id"]!.ToJsonString());
        var stored = await _hub.StoredAsync("crm/contacts", account);
        Assert.Equal(Contacts, stored.Count);
        Assert.All(stored, r =>
        {
            Assert.Equal("account", (string?)r.Data!["tier"]);                          // account beats environment
            Assert.Equal($"env:{byId[r.Id]["email"]}", (string?)r.Data["email"]);       // environment beats base
            Assert.Equal((string?)byId[r.Id]["first_name"], (string?)r.Data["first_name"]); // the base where nobody overrides
        });
    }

    [Fact]
    public async Task Records_whose_mapping_fails_go_to_the_ledger_and_count_as_invalid()
    {
        var account = await NewAccountAsync("hubspot");
        // Ids 1 and 2 map to false: no id, so the mapping fails for them; the run goes on under ignore.
        var patched = await TestRequest.Patch($"integrated-accounts/{account}").Bearer(_hub.Key)
            .Json(new { unified_overrides = new Dictionary<string, object> { ["crm/contacts"] = new { response_mapping = new Dictionary<string, string> { ["id"] = "to_number(id) > `2` && id" } } } })
            .SendAsync(r => _hub.App.Function<AccountFunctions>().Update(r, account));
        Assert.True(patched.Status == 200, patched.ToString());

        var run = await _hub.RunAsync(await UnifiedJobAsync("hubspot"), errorHandling: "ignore", accountId: account);

        Assert.Equal("completed", run.Str("status"));
        Assert.Equal(2, run.Json.GetProperty("source_record_invalids").GetInt64());
        Assert.Equal(Contacts - 2, run.Json.GetProperty("records_updated").GetInt64());
        Assert.Equal(["3", "4", "5", "6"], (await _hub.StoredAsync("crm/contacts", account)).Select(r => r.Id).Order());
        var runId = run.Str("id")!;
        var errors = await TestRequest.Get($"sync-job-run/{runId}/errors").Bearer(_hub.Key).SendAsync(r => _hub.App.Function<RunErrorFunctions>().List(r, runId));
        var entries = errors.Json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal("mapping_failed", e.GetProperty("error_code").GetString());
            Assert.StartsWith("response_mapping.id:", e.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("response_mapping.id", e.GetProperty("field").GetString());
        });
        Assert.Equal(["1", "2"], entries.Select(e => e.GetProperty("record_id").GetString()).Order());
    }

    [Fact]
    public async Task A_run_to_a_webhook_delivers_unified_records_with_their_raw_records()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var webhooksKey = (await new AdminClient(_hub.App).NewKeyAsync(_hub.EnvironmentId, "webhooks")).Token;
        var hook = await TestRequest.Post("webhooks").Bearer(webhooksKey)
            .Json(new { url = receiver.Url("hooks/unified").ToString(), events = new[] { "sync_job_run:record" } })
            .SendAsync(_hub.App.Function<SyncFunctions.Webhooks.WebhookFunctions>().Create);
        Assert.True(hook.Status == 201, hook.ToString());
        var job = await UnifiedJobAsync("hubspot");

        var created = await TestRequest.Post("sync-job-run").Bearer(_hub.Key)
            .Json(new { sync_job_id = job, integrated_account_id = _hubspotAccount, webhook_id = hook.Str("id") })
            .SendAsync(r => _hub.App.Function<RunFunctions>().Create(r, _hub.App.DurableClient));
        Assert.True(created.Status == 201, created.ToString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _hub.App.DurableClient.WaitForInstanceCompletionAsync(created.Str("id")!, timeout.Token);

        var delivered = receiver.Received
            .GroupBy(r => r.Header(SyncFunctions.Core.Webhooks.WebhookHeaders.Delivery)).Select(g => g.Last())
            .SelectMany(r => r.Json.GetProperty("payload").GetProperty("records").EnumerateArray())
            .Select(r => JsonNode.Parse(r.GetRawText())!.AsObject())
            .ToList();
        var truth = Upstream.Data.Snapshot(DemoResources.Contacts).ToDictionary(r => r["id"]!.ToJsonString(), r => r);
        Assert.Equal(Contacts, delivered.Count);
        foreach (var record in delivered)
        {
            Assert.Equal(Expected(truth[(string)record["id"]!]), Fields(record));
            Assert.NotNull(record["remote_data"]?["properties"]); // the HubSpot-shaped raw record rides along
        }

        Assert.Empty(await _hub.StoredAsync("crm/contacts", _hubspotAccount));
    }

    [Fact]
    public async Task Incremental_runs_and_delete_tracking_work_on_a_unified_resource()
    {
        var job = await UnifiedJobAsync("demo");
        await _hub.RunAsync(job);
        var changed = Upstream.Data.Update(DemoResources.Contacts, 2);
        Upstream.Data.Delete(DemoResources.Contacts, 5);

        var incremental = await _hub.RunAsync(job);

        // Only what changed since the previous run was asked for (the flat API's updated_since), and re-mapped.
        Assert.NotNull(Upstream.Requests.ForPath("/page/contacts").Last().Query("updated_since"));
        Assert.Equal((string?)changed["company"], (string?)(await _hub.StoredAsync("crm/contacts")).Single(r => r.Id == "2").Data!["company"]);
        Assert.Equal(1, incremental.Json.GetProperty("source_record_updates").GetInt64());
        Assert.False((await _hub.StoredAsync("crm/contacts")).Single(r => r.Id == "5").Deleted);

        var full = await _hub.RunAsync(job, ignorePreviousRun: true);

        Assert.Equal(1, full.Json.GetProperty("source_record_deletes").GetInt64());
        Assert.True((await _hub.StoredAsync("crm/contacts")).Single(r => r.Id == "5").Deleted);
    }

    [Fact]
    public async Task Bad_mappings_and_persist_false_on_a_unified_resource_are_400s_naming_the_field()
    {
        var model = JsonNode.Parse(JsonSerializer.Serialize(Model))!;
        model["resources"]!["contacts"]!["integration_mapping"]!["hubspot"]!["response_mapping"]!["email"] = "properties.[email";
        var put = await TestRequest.Put("unified-models/broken").Bearer(_hub.Key).Json(model).SendAsync(r => _hub.App.Function<UnifiedModelFunctions>().Put(r, "broken"));
        Assert.Equal(400, put.Status);
        Assert.Equal("resources.contacts.integration_mapping.hubspot.response_mapping.email", put.Str("field"));

        var patch = await TestRequest.Patch($"integrated-accounts/{_hubspotAccount}").Bearer(_hub.Key)
            .Json(new { unified_overrides = new Dictionary<string, object> { ["crm/contacts"] = new { query_mapping = new Dictionary<string, string> { ["since"] = "nope(x)" } } } })
            .SendAsync(r => _hub.App.Function<AccountFunctions>().Update(r, _hubspotAccount));
        Assert.Equal(400, patch.Status);
        Assert.Equal("unified_overrides.crm/contacts.query_mapping.since", patch.Str("field"));

        var job = await TestRequest.Post("sync-job").Bearer(_hub.Key)
            .Body("""{"integration_name":"hubspot","resources":[{"resource":"crm/contacts","method":"list","persist":false}]}""")
            .SendAsync(_hub.App.Function<SyncJobFunctions>().Create);
        Assert.Equal(400, job.Status);
        Assert.Equal("resources[0].persist", job.Str("field"));

        var unmapped = await TestRequest.Post("sync-job").Bearer(_hub.Key)
            .Body("""{"integration_name":"hubspot","resources":[{"resource":"crm/deals","method":"list"}]}""")
            .SendAsync(_hub.App.Function<SyncJobFunctions>().Create);
        Assert.Equal(400, unmapped.Status);
        Assert.Equal("resources[0].resource", unmapped.Str("field"));
    }
}
