using SyncFunctions.Admin;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Http;

public sealed class HealthTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Reports_tables_and_queues_reachable_on_azurite()
    {
        var response = await TestRequest.Get("health").SendAsync(fixture.App.Function<HealthFunction>().Run);

        Assert.Equal(200, response.Status);
        Assert.Equal("no-store", response.Header("Cache-Control"));
        Assert.Equal("healthy", response.Str("status"));
        var checks = response.Json.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("tables").GetProperty("status").GetString());
        Assert.Equal("ok", checks.GetProperty("queues").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reports_503_when_storage_is_unreachable_without_leaking_the_account_key()
    {
        var closed = FreePort.Next();
        var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"TableEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;";
        await using var app = await TestApp.StartAsync(connection);

        var response = await TestRequest.Get("health").SendAsync(app.Function<HealthFunction>().Run);

        Assert.Equal(503, response.Status);
        Assert.Equal("unhealthy", response.Str("status"));
        var tables = response.Json.GetProperty("checks").GetProperty("tables");
        Assert.Equal("unreachable", tables.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(tables.GetProperty("error").GetString()));
        Assert.DoesNotContain("Eby8vdM02", response.Body);
    }
}
