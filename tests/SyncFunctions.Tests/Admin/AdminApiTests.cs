using Azure.Data.Tables;
using SyncFunctions.Admin;
using SyncFunctions.Core.Security;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Admin;

public sealed class AdminApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly AdminClient _admin = new(fixture.App);

    [Fact]
    public async Task Root_key_creates_an_environment_and_reads_it_back()
    {
        var created = await _admin.CreateEnvironmentAsync(fixture.App.AdminKey, new { name = "  Acme Production " });

        Assert.Equal(201, created.Status);
        Assert.StartsWith("application/json", created.ContentType);
        Assert.Equal("Acme Production", created.Str("name"));
        Assert.True(Guid.TryParse(created.Str("id"), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", created.Str("created_at"));

        var read = await TestRequest.Get($"admin/environments/{created.Str("id")}").Bearer(fixture.App.AdminKey)
            .SendAsync(r => fixture.App.Function<EnvironmentFunctions>().Get(r, created.Str("id")!));
        Assert.Equal(200, read.Status);
        Assert.Equal(created.Body, read.Body);
    }

    [Fact]
    public async Task A_created_key_is_shown_once_stored_only_as_a_hash_and_authenticates()
    {
        var env = await _admin.NewEnvironmentAsync();
        var created = await _admin.CreateKeyAsync(fixture.App.AdminKey, new { environment_id = env, name = "ci", scopes = new[] { "runs", "admin", "runs" } });

        Assert.Equal(201, created.Status);
        Assert.Equal("no-store", created.Header("Cache-Control"));
        var token = created.Str("key")!;
        Assert.Equal(64, token.Length);
        Assert.StartsWith("sfk_", token);
        Assert.Equal(token[..12], created.Str("key_prefix"));
        Assert.Equal(["runs", "admin"], created.Json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        // Never again: neither the single read nor the list carries the token.
        var id = created.Str("id")!;
        var read = await TestRequest.Get($"admin/api-keys/{id}").Bearer(fixture.App.AdminKey).SendAsync(r => fixture.App.Function<ApiKeyFunctions>().Get(r, id));
        Assert.Equal(200, read.Status);
        Assert.DoesNotContain(token, read.Body);
        Assert.False(read.Json.TryGetProperty("key", out _));
        var list = await TestRequest.Get($"admin/api-keys?environment_id={env}").Bearer(fixture.App.AdminKey).SendAsync(fixture.App.Function<ApiKeyFunctions>().List);
        Assert.DoesNotContain(token, list.Body);
        Assert.Contains(id, list.Body);

        // In storage: the hash, not the token.
        var table = new TableClient(fixture.ConnectionString, fixture.App.TablePrefix + "apikeys");
        var entities = table.Query<TableEntity>().ToList();
        var stored = Assert.Single(entities, e => e.GetString("Id") == id);
        Assert.Equal(ApiKeyTokens.Hash(token), stored.PartitionKey);
        Assert.DoesNotContain(entities.SelectMany(e => ((IDictionary<string, object>)e).Values), v => v?.ToString()?.Contains(token[4..], StringComparison.Ordinal) == true);

        // The key works for what its scopes allow: admin of its own environment.
        var ownKeys = await TestRequest.Get("admin/api-keys").Bearer(token).SendAsync(fixture.App.Function<ApiKeyFunctions>().List);
        Assert.Equal(200, ownKeys.Status);
        Assert.Contains(id, ownKeys.Body);
    }

    [Fact]
    public async Task A_deleted_key_no_longer_authenticates()
    {
        var env = await _admin.NewEnvironmentAsync();
        var (id, token) = await _admin.NewKeyAsync(env, "admin");

        var deleted = await TestRequest.Delete($"admin/api-keys/{id}").Bearer(token).SendAsync(r => fixture.App.Function<ApiKeyFunctions>().Delete(r, id));
        Assert.Equal(204, deleted.Status);
        Assert.Equal("", deleted.Body);

        var after = await TestRequest.Get("admin/api-keys").Bearer(token).SendAsync(fixture.App.Function<ApiKeyFunctions>().List);
        Assert.Equal(401, after.Status);
        var again = await TestRequest.Delete($"admin/api-keys/{id}").Bearer(fixture.App.AdminKey).SendAsync(r => fixture.App.Function<ApiKeyFunctions>().Delete(r, id));
        Assert.Equal(404, again.Status);
    }

    [Fact]
    public async Task Key_lists_page_with_an_opaque_cursor_and_return_every_key_once()
    {
        var env = await _admin.NewEnvironmentAsync();
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _admin.NewKeyAsync(env, "runs")).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var path = $"admin/api-keys?environment_id={env}&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await TestRequest.Get(path).Bearer(fixture.App.AdminKey).SendAsync(fixture.App.Function<ApiKeyFunctions>().List);
            Assert.Equal(200, page.Status);
            seen.AddRange(page.Json.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("id").GetString()!));
            cursor = page.Str("next_cursor");
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(ids.Order(), seen.Order());
        Assert.True(pages >= 3, $"expected several pages, got {pages}");
    }

    [Fact]
    public async Task A_cursor_from_another_environment_listing_is_rejected()
    {
        var envA = await _admin.NewEnvironmentAsync("a");
        var envB = await _admin.NewEnvironmentAsync("b");
        for (var i = 0; i < 3; i++)
        {
            await _admin.NewKeyAsync(envA, "runs");
        }

        var first = await TestRequest.Get($"admin/api-keys?environment_id={envA}&limit=1").Bearer(fixture.App.AdminKey).SendAsync(fixture.App.Function<ApiKeyFunctions>().List);
        var cursor = first.Str("next_cursor")!;

        var foreign = await TestRequest.Get($"admin/api-keys?environment_id={envB}&cursor={Uri.EscapeDataString(cursor)}").Bearer(fixture.App.AdminKey)
            .SendAsync(fixture.App.Function<ApiKeyFunctions>().List);
        Assert.Equal(400, foreign.Status);
        Assert.Equal("invalid_cursor", foreign.Str("code"));
        Assert.Equal("cursor", foreign.Str("field"));

        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];
        var forged = await TestRequest.Get($"admin/api-keys?environment_id={envA}&cursor={Uri.EscapeDataString(tampered)}").Bearer(fixture.App.AdminKey)
            .SendAsync(fixture.App.Function<ApiKeyFunctions>().List);
        Assert.Equal(400, forged.Status);
        Assert.Equal("invalid_cursor", forged.Str("code"));
    }

    [Fact]
    public async Task Environments_list_pages_for_root_and_shows_a_tenant_only_its_own()
    {
        var mine = await _admin.NewEnvironmentAsync("mine");
        await _admin.NewEnvironmentAsync("other");
        var (_, token) = await _admin.NewKeyAsync(mine, "admin");

        var tenant = await TestRequest.Get("admin/environments").Bearer(token).SendAsync(fixture.App.Function<EnvironmentFunctions>().List);
        Assert.Equal(200, tenant.Status);
        Assert.Equal([mine], tenant.Json.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()));

        var root = await TestRequest.Get("admin/environments?limit=200").Bearer(fixture.App.AdminKey).SendAsync(fixture.App.Function<EnvironmentFunctions>().List);
        Assert.Equal(200, root.Status);
        Assert.True(root.Json.GetProperty("data").GetArrayLength() >= 2);
    }
}
