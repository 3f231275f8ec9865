using System.Text.Json;
using Azure.Data.Tables;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Definitions;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Definitions;

/// <summary>Integrations, integrated accounts and sync jobs over HTTP, stored in Azurite, scoped to the key's environment.</summary>
public sealed class DefinitionsApiTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly AdminClient _admin = new(fixture.App);
    private string _env = "";
    private string _key = "";

    public async Task InitializeAsync()
    {
        _env = await _admin.NewEnvironmentAsync("definitions");
        _key = (await _admin.NewKeyAsync(_env, "integrations", "sync_jobs")).Token;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private IntegrationFunctions Integrations => fixture.App.Function<IntegrationFunctions>();

    private AccountFunctions Accounts => fixture.App.Function<AccountFunctions>();

    private SyncJobFunctions Jobs => fixture.App.Function<SyncJobFunctions>();

    internal static object DemoIntegration(string baseUrl = "https://crm.example.com/api") => new
    {
        base_url = baseUrl,
        auth = new { type = "bearer" },
        headers = new Dictionary<string, string> { ["Accept"] = "application/json" },
        rate_limit = new { requests_per_second = 20 },
        resources = new Dictionary<string, object>
        {
            ["crm/contacts"] = new
            {
                type_name = "contact",
                track_deletes = true,
                list = new
                {
                    path = "/page/contacts",
                    records_path = "$.data",
                    incremental_param = "updated_since",
                    pagination = new { type = "page_number", page_param = "page", page_size_param = "per_page", page_size = 50, total_path = "$.total" },
                },
                get = new { path = "/page/contacts/{{id}}" },
            },
            ["crm/notes"] = new
            {
                list = new
                {
                    path = "/cursor/contacts/{{resources.crm.contacts.id}}/notes",
                    records_path = "$.results",
                    pagination = new { type = "cursor", cursor_param = "cursor", cursor_path = "$.next_cursor", page_size_param = "limit", page_size = 20 },
                },
            },
            ["crm/users"] = new { get = new { path = "/page/users/{{id}}" } },
        },
    };

    private Task<TestResponse> PutIntegration(string name, object body, string? key = null) =>
        TestRequest.Put($"integrations/{name}").Bearer(key ?? _key).Json(body).SendAsync(r => Integrations.Put(r, name));

    [Fact]
    public async Task An_integration_is_created_replaced_read_listed_and_deleted()
    {
        var created = await PutIntegration("democrm", DemoIntegration());
        Assert.True(created.Status == 201, created.ToString());
        Assert.Equal("democrm", created.Str("name"));
        Assert.Equal(_env, created.Str("environment_id"));
        Assert.Equal("$.next_cursor", created.Json.GetProperty("resources").GetProperty("crm/notes").GetProperty("list").GetProperty("pagination").GetProperty("cursor_path").GetString());

        var replaced = await PutIntegration("democrm", DemoIntegration("https://other.example.com"));
        Assert.Equal(200, replaced.Status);
        Assert.Equal(created.Str("created_at"), replaced.Str("created_at"));

        var read = await TestRequest.Get("integrations/democrm").Bearer(_key).SendAsync(r => Integrations.Get(r, "democrm"));
        Assert.Equal(200, read.Status);
        Assert.Equal("https://other.example.com", read.Str("base_url"));

        var list = await TestRequest.Get("integrations").Bearer(_key).SendAsync(Integrations.List);
        Assert.Contains("democrm", list.Json.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("name").GetString()));

        var deleted = await TestRequest.Delete("integrations/democrm").Bearer(_key).SendAsync(r => Integrations.Delete(r, "democrm"));
        Assert.Equal(204, deleted.Status);
        var gone = await TestRequest.Get("integrations/democrm").Bearer(_key).SendAsync(r => Integrations.Get(r, "democrm"));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task An_invalid_integration_names_the_field_and_stores_nothing()
    {
        var bad = JsonSerializer.SerializeToNode(DemoIntegration(), new JsonSerializerOptions())!.AsObject();
        bad["resources"]!["crm/notes"]!["list"]!["pagination"]!.AsObject().Remove("cursor_path");

        var response = await TestRequest.Put("integrations/broken").Bearer(_key).Body(bad.ToJsonString()).SendAsync(r => Integrations.Put(r, "broken"));

        Assert.Equal(400, response.Status);
        var fields = response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("resources.crm/notes.list.pagination.cursor_path", fields);
        var read = await TestRequest.Get("integrations/broken").Bearer(_key).SendAsync(r => Integrations.Get(r, "broken"));
        Assert.Equal(404, read.Status);
    }

    [Fact]
    public async Task A_body_name_that_differs_from_the_url_is_refused()
    {
        var response = await TestRequest.Put("integrations/one").Bearer(_key).Body("{\"name\":\"two\",\"base_url\":\"https://x.example.com\"}")
            .SendAsync(r => Integrations.Put(r, "one"));

        Assert.Equal(400, response.Status);
        Assert.Equal("name", response.Str("field"));
    }

    [Fact]
    public async Task Definitions_of_another_environment_are_invisible()
    {
        Assert.Equal(201, (await PutIntegration("private-crm", DemoIntegration())).Status);
        var otherEnv = await _admin.NewEnvironmentAsync("other");
        var (_, otherKey) = await _admin.NewKeyAsync(otherEnv, "integrations", "sync_jobs");

        var read = await TestRequest.Get("integrations/private-crm").Bearer(otherKey).SendAsync(r => Integrations.Get(r, "private-crm"));
        var list = await TestRequest.Get("integrations").Bearer(otherKey).SendAsync(Integrations.List);
        var account = await TestRequest.Post("integrated-accounts").Bearer(otherKey).Json(new { integration_name = "private-crm" }).SendAsync(Accounts.Create);

        Assert.Equal(404, read.Status);
        Assert.Equal(0, list.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(404, account.Status);
        Assert.Equal("integration_name", account.Str("field"));
    }

    [Fact]
    public async Task Account_credentials_are_write_only_encrypted_and_merged_on_patch()
    {
        await PutIntegration("crm-accounts", DemoIntegration());
        var created = await TestRequest.Post("integrated-accounts").Bearer(_key)
            .Json(new
            {
                integration_name = "crm-accounts",
                name = "Acme",
                external_id = "acme-1",
                variables = new Dictionary<string, string> { ["subdomain"] = "acme" },
                credentials = new Dictionary<string, string> { ["token"] = "tok-SECRET-123", ["refresh"] = "old" },
            })
            .SendAsync(Accounts.Create);

        Assert.True(created.Status == 201, created.ToString());
        Assert.DoesNotContain("SECRET", created.Body);
        Assert.Equal(["refresh", "token"], created.Json.GetProperty("credential_names").EnumerateArray().Select(c => c.GetString()));
        var id = created.Str("id")!;

        var raw = new TableClient(fixture.ConnectionString, fixture.App.TablePrefix + "accounts").GetEntity<TableEntity>(_env, id).Value;
        Assert.DoesNotContain(((IDictionary<string, object>)raw).Values, v => v?.ToString()?.Contains("SECRET", StringComparison.Ordinal) == true);

        var patched = await TestRequest.Patch($"integrated-accounts/{id}").Bearer(_key)
            .Body("{\"variables\":{\"region\":\"eu\"},\"credentials\":{\"refresh\":null,\"client_secret\":\"cs-SECRET\"}}")
            .SendAsync(r => Accounts.Update(r, id));
        Assert.Equal(200, patched.Status);
        Assert.Equal(["client_secret", "token"], patched.Json.GetProperty("credential_names").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("acme", patched.Json.GetProperty("variables").GetProperty("subdomain").GetString());
        Assert.Equal("eu", patched.Json.GetProperty("variables").GetProperty("region").GetString());
        Assert.DoesNotContain("SECRET", patched.Body);

        // Only the engine opens them.
        var (_, credentials) = await fixture.App.Get<AccountService>().OpenAsync(_env, id, default);
        Assert.Equal("tok-SECRET-123", credentials["token"]);
        Assert.Equal("cs-SECRET", credentials["client_secret"]);
        Assert.False(credentials.ContainsKey("refresh"));

        var list = await TestRequest.Get("integrated-accounts?integration_name=crm-accounts").Bearer(_key).SendAsync(Accounts.List);
        Assert.Contains(id, list.Body);
        Assert.DoesNotContain("SECRET", list.Body);

        Assert.Equal(204, (await TestRequest.Delete($"integrated-accounts/{id}").Bearer(_key).SendAsync(r => Accounts.Delete(r, id))).Status);
        Assert.Equal(404, (await TestRequest.Get($"integrated-accounts/{id}").Bearer(_key).SendAsync(r => Accounts.Get(r, id))).Status);
    }

    private static object Job(string integration, object[] resources, object? argsSchema = null) =>
        new { integration_name = integration, args_schema = argsSchema, resources };

    private static readonly object ArgsSchema = new
    {
        type = "object",
        properties = new { user_ids = new { type = "array", items = new { type = "string" } } },
    };

    [Fact]
    public async Task A_sync_job_with_depends_on_and_loop_on_round_trips_with_defaults_made_explicit()
    {
        await PutIntegration("crm-jobs", DemoIntegration());
        var created = await TestRequest.Post("sync-job").Bearer(_key).Json(Job("crm-jobs",
        [
            new { resource = "crm/contacts", method = "list", query = new Dictionary<string, string> { ["per_page"] = "25" } },
            new { resource = "crm/notes", method = "list", depends_on = "crm/contacts", persist = false },
            new { resource = "crm/users", method = "get", id = "{{args.user_ids}}", loop_on = "user_ids" },
        ], ArgsSchema)).SendAsync(Jobs.Create);

        Assert.True(created.Status == 201, created.ToString());
        var id = created.Str("id")!;
        var resources = created.Json.GetProperty("resources").EnumerateArray().ToList();
        // No model "crm" in this environment: these are proxy resources, and Truto's proxy default (not persisted) is made explicit.
        Assert.False(resources[0].GetProperty("persist").GetBoolean());
        Assert.False(resources[1].GetProperty("persist").GetBoolean());
        Assert.Equal("crm/contacts", resources[1].GetProperty("depends_on").GetString());
        Assert.Equal("array", created.Json.GetProperty("args_schema").GetProperty("properties").GetProperty("user_ids").GetProperty("type").GetString());

        var read = await TestRequest.Get($"sync-job/{id}").Bearer(_key).SendAsync(r => Jobs.Get(r, id));
        Assert.Equal(created.Body, read.Body);

        var patched = await TestRequest.Patch($"sync-job/{id}").Bearer(_key)
            .Json(new { resources = new[] { new { resource = "crm/contacts", method = "list" } } }).SendAsync(r => Jobs.Update(r, id));
        Assert.Equal(200, patched.Status);
        Assert.Single(patched.Json.GetProperty("resources").EnumerateArray());

        Assert.Equal(204, (await TestRequest.Delete($"sync-job/{id}").Bearer(_key).SendAsync(r => Jobs.Delete(r, id))).Status);
        Assert.Equal(404, (await TestRequest.Get($"sync-job/{id}").Bearer(_key).SendAsync(r => Jobs.Get(r, id))).Status);
    }

    public static TheoryData<string, string, string> BadJobs() => new()
    {
        { """{"integration_name":"crm-bad","resources":[{"resource":"crm/nope","method":"list"}]}""", "resources[0].resource", "unknown" },
        { """{"integration_name":"crm-bad","resources":[{"resource":"crm/users","method":"list"}]}""", "resources[0].method", "unknown" },
        { """{"integration_name":"crm-bad","resources":[{"resource":"crm/contacts","method":"list","depends_on":"crm/notes"},{"resource":"crm/notes","method":"list","depends_on":"crm/contacts"}]}""", "", "cycle" },
        { """{"integration_name":"crm-bad","resources":[{"resource":"crm/contacts","method":"list","query":{"owner":"{{args.missing}}"}}],"args_schema":{"type":"object","properties":{"other":{"type":"string"}}}}""", "resources[0].query.owner", "unresolvable_placeholder" },
        { """{"integration_name":"crm-bad","resources":[{"resource":"crm/contacts","method":"list"}],"args_schema":{"type":12}}""", "args_schema", "invalid" },
        { """{"integration_name":"nope","resources":[{"resource":"crm/contacts","method":"list"}]}""", "integration_name", "unknown" },
    };

    [Theory]
    [MemberData(nameof(BadJobs))]
    public async Task Bad_sync_jobs_name_the_field(string body, string field, string code)
    {
        await PutIntegration("crm-bad", DemoIntegration());

        var response = await TestRequest.Post("sync-job").Bearer(_key).Body(body).SendAsync(Jobs.Create);

        Assert.True(response.Status == 400, response.ToString());
        var errors = response.Json.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == code && e.GetProperty("field").GetString()!.StartsWith(field, StringComparison.Ordinal));
    }
}

/// <summary>SSRF at definition time: private and loopback upstreams need the allow-list setting.</summary>
public sealed class UpstreamAllowListTests(SyncFunctions.Testing.AzuriteFixture azurite) : IClassFixture<SyncFunctions.Testing.AzuriteFixture>
{
    private static async Task<TestResponse> PutLoopbackIntegration(SyncFunctions.Testing.App.TestApp app)
    {
        var admin = new AdminClient(app);
        var env = await admin.NewEnvironmentAsync();
        var (_, key) = await admin.NewKeyAsync(env, "integrations");
        return await TestRequest.Put("integrations/local").Bearer(key).Json(DefinitionsApiTests.DemoIntegration("http://127.0.0.1:5080"))
            .SendAsync(r => app.Function<IntegrationFunctions>().Put(r, "local"));
    }

    [Fact]
    public async Task Loopback_base_urls_are_refused_by_default()
    {
        await using var app = await SyncFunctions.Testing.App.TestApp.StartAsync(azurite.ConnectionString);

        var response = await PutLoopbackIntegration(app);

        Assert.Equal(400, response.Status);
        Assert.Contains(response.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "base_url");
    }

    [Fact]
    public async Task The_allow_list_setting_permits_them()
    {
        await using var app = await SyncFunctions.Testing.App.TestApp.StartAsync(
            azurite.ConnectionString,
            settings: new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "localhost, 127.0.0.1" });

        var response = await PutLoopbackIntegration(app);

        Assert.True(response.Status == 201, response.ToString());
    }
}

/// <summary>The seed's own sync job example writes numeric query values.</summary>
public sealed class TrutoShapeTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Numeric_and_boolean_query_values_are_accepted_as_text_and_objects_are_refused()
    {
        var admin = new AdminClient(fixture.App);
        var env = await admin.NewEnvironmentAsync();
        var (_, key) = await admin.NewKeyAsync(env, "integrations", "sync_jobs");
        await TestRequest.Put("integrations/truto").Bearer(key).Json(DefinitionsApiTests.DemoIntegration()).SendAsync(r => fixture.App.Function<IntegrationFunctions>().Put(r, "truto"));
        var jobs = fixture.App.Function<SyncJobFunctions>();

        var created = await TestRequest.Post("sync-job").Bearer(key)
            .Body("""{"integration_name":"truto","resources":[{"resource":"crm/contacts","method":"list","query":{"page":1,"per_page":100,"archived":false}}]}""")
            .SendAsync(jobs.Create);
        var refused = await TestRequest.Post("sync-job").Bearer(key)
            .Body("""{"integration_name":"truto","resources":[{"resource":"crm/contacts","method":"list","query":{"page":{"n":1}}}]}""")
            .SendAsync(jobs.Create);

        Assert.True(created.Status == 201, created.ToString());
        var query = created.Json.GetProperty("resources")[0].GetProperty("query");
        Assert.Equal("1", query.GetProperty("page").GetString());
        Assert.Equal("100", query.GetProperty("per_page").GetString());
        Assert.Equal("false", query.GetProperty("archived").GetString());
        Assert.Equal(400, refused.Status);
        Assert.StartsWith("resources[0].query", refused.Str("field"));
    }
}
