using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using SyncFunctions.Core.Webhooks;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Webhooks;

namespace SyncFunctions.Tests.Webhooks;

/// <summary>Webhook targets over HTTP on Azurite: the secret shown once and sealed at rest, validation, paging, tenancy.</summary>
public sealed class WebhookApiTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly AdminClient _admin = new(fixture.App);
    private string _env = "";
    private string _key = "";

    public async Task InitializeAsync()
    {
        _env = await _admin.NewEnvironmentAsync("webhooks");
        _key = (await _admin.NewKeyAsync(_env, "webhooks")).Token;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private WebhookFunctions Webhooks => fixture.App.Function<WebhookFunctions>();

    private Task<TestResponse> Create(object body, string? key = null) =>
        TestRequest.Post("webhooks").Bearer(key ?? _key).Json(body).SendAsync(Webhooks.Create);

    private Task<TestResponse> CreateRaw(string body) =>
        TestRequest.Post("webhooks").Bearer(_key).Body(body).SendAsync(Webhooks.Create);

    private Task<TestResponse> Get(string id, string? key = null) =>
        TestRequest.Get($"webhooks/{id}").Bearer(key ?? _key).SendAsync(r => Webhooks.Get(r, id));

    private Task<TestResponse> Delete(string id, string? key = null) =>
        TestRequest.Delete($"webhooks/{id}").Bearer(key ?? _key).SendAsync(r => Webhooks.Delete(r, id));

    private Task<TestResponse> List(string query = "", string? key = null) =>
        TestRequest.Get("webhooks" + query).Bearer(key ?? _key).SendAsync(Webhooks.List);

    [Fact]
    public async Task The_secret_is_shown_once_and_stored_only_sealed()
    {
        var created = await Create(new { url = "https://hooks.example.com/sync?team=7", events = new[] { "sync_job_run:completed", "sync_job_run:record" }, description = "Warehouse loader" });

        Assert.True(created.Status == 201, created.ToString());
        var secret = created.Str("secret")!;
        Assert.StartsWith("whsec_", secret);
        var id = created.Str("id")!;
        Assert.Equal("https://hooks.example.com/sync?team=7", created.Str("url"));
        Assert.Equal(["sync_job_run:record", "sync_job_run:completed"], created.Json.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Warehouse loader", created.Str("description"));
        Assert.Equal(_env, created.Str("environment_id"));

        var read = await Get(id);
        var listed = await List();
        Assert.Equal(200, read.Status);
        Assert.False(read.Json.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, read.Body);
        Assert.Equal(created.Str("created_at"), read.Str("created_at"));
        var item = Assert.Single(listed.Json.GetProperty("data").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        Assert.False(item.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.Body);

        // At rest: no property holds the secret, as text or as the bytes of any base64 value.
        var raw = new TableClient(fixture.ConnectionString, fixture.App.TablePrefix + "webhooks").GetEntity<TableEntity>(_env, id).Value;
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        foreach (var (name, value) in raw)
        {
            var text = value?.ToString() ?? "";
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(secret[6..], text);
            Assert.False(Decoded(text).AsSpan().IndexOf(secretBytes) >= 0, $"{name} holds the secret's bytes");
        }

        // … and the sealed value is the secret, which only the hub opens.
        var stored = await fixture.App.Get<IWebhookStore>().GetAsync(_env, id, default);
        Assert.Equal(raw.GetString("Secret"), stored!.ProtectedSecret);
        Assert.Equal(secret, fixture.App.Get<WebhookSecrets>().Open(stored, _env));
    }

    [Fact]
    public async Task Events_default_to_all_and_every_target_gets_its_own_secret()
    {
        var a = await Create(new { url = "https://a.example.com/in" });
        var b = await Create(new { url = "https://a.example.com/in" });

        Assert.Equal(201, a.Status);
        Assert.Equal(WebhookEvents.All, a.Json.GetProperty("events").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(JsonValueKind.Null, a.Json.GetProperty("description").ValueKind);
        Assert.NotEqual(a.Str("secret"), b.Str("secret"));
        Assert.NotEqual(a.Str("id"), b.Str("id"));
    }

    [Theory]
    [InlineData("{}", "url", "required")]
    [InlineData("""{"url":"http://hooks.example.com/in"}""", "url", "invalid")]
    [InlineData("""{"url":"ftp://hooks.example.com/in"}""", "url", "invalid")]
    [InlineData("""{"url":"hooks.example.com/in"}""", "url", "invalid")]
    [InlineData("""{"url":"https://127.0.0.1:8080/in"}""", "url", "forbidden_host")]
    [InlineData("""{"url":"https://localhost/in"}""", "url", "forbidden_host")]
    [InlineData("""{"url":"https://169.254.169.254/latest/meta-data/"}""", "url", "forbidden_host")]
    [InlineData("""{"url":"https://[fd00::1]/in"}""", "url", "forbidden_host")]
    [InlineData("""{"url":"https://h.example.com/in","events":["sync_job_run:record","sync_job_run:exploded"]}""", "events[1]", "invalid")]
    [InlineData("""{"url":"https://h.example.com/in","events":[]}""", "events", "invalid")]
    [InlineData("""{"url":"https://h.example.com/in","secret":"whsec_mine"}""", "secret", "unknown_field")]
    [InlineData("""{"url":42}""", "url", "validation_failed")]
    public async Task Bad_requests_are_400_problems_naming_the_field(string body, string field, string code)
    {
        var response = await CreateRaw(body);

        Assert.True(response.Status == 400, response.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal(field, response.Str("field"));
        var codes = response.Json.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList() : [];
        Assert.True(response.Str("code") == code || codes.Contains(code), response.ToString());
    }

    [Fact]
    public async Task Refused_requests_store_nothing()
    {
        var env = await _admin.NewEnvironmentAsync("empty");
        var key = (await _admin.NewKeyAsync(env, "webhooks")).Token;

        Assert.Equal(400, (await Create(new { url = "https://10.0.0.1/in" }, key)).Status);
        Assert.Equal(400, (await Create(new { url = "https://h.example.com/in", events = new[] { "nope" } }, key)).Status);

        Assert.Empty((await List(key: key)).Json.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Another_environments_webhook_is_404_and_untouched()
    {
        var id = (await Create(new { url = "https://a.example.com/in" })).Str("id")!;
        var otherEnv = await _admin.NewEnvironmentAsync("other");
        var other = (await _admin.NewKeyAsync(otherEnv, "webhooks")).Token;

        var get = await Get(id, other);
        var delete = await Delete(id, other);
        var list = await List(key: other);

        Assert.Equal(404, get.Status);
        Assert.Equal("not_found", get.Str("code"));
        Assert.Equal(404, delete.Status);
        Assert.DoesNotContain(id, list.Body);
        Assert.Equal(200, (await Get(id)).Status);
    }

    [Fact]
    public async Task A_deleted_webhook_is_gone()
    {
        var id = (await Create(new { url = "https://a.example.com/in" })).Str("id")!;

        Assert.Equal(204, (await Delete(id)).Status);
        Assert.Equal(404, (await Get(id)).Status);
        Assert.Equal(404, (await Delete(id)).Status);
        Assert.Equal(404, (await Get("a/b#?")).Status);
    }

    [Fact]
    public async Task The_list_pages_with_signed_cursors()
    {
        var env = await _admin.NewEnvironmentAsync("paging");
        var key = (await _admin.NewKeyAsync(env, "webhooks")).Token;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Create(new { url = $"https://h{i}.example.com/in" }, key)).Str("id")!);
        }

        var first = await List("?limit=2", key);
        var cursor = first.Str("next_cursor")!;
        var second = await List($"?limit=2&cursor={Uri.EscapeDataString(cursor)}", key);

        Assert.Equal(2, first.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.Json.GetProperty("next_cursor").ValueKind);
        Assert.Equal(ids.Order(), first.Json.GetProperty("data").EnumerateArray().Concat(second.Json.GetProperty("data").EnumerateArray()).Select(w => w.GetProperty("id").GetString()!).Order());

        var forged = await List("?cursor=" + Uri.EscapeDataString(cursor[..^2] + "xx"), key);
        var foreign = await List("?cursor=" + Uri.EscapeDataString(cursor));
        Assert.Equal(400, forged.Status);
        Assert.Equal("invalid_cursor", forged.Str("code"));
        Assert.Equal(400, foreign.Status);
    }

    private static byte[] Decoded(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
