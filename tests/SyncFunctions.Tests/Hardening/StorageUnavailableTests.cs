using SyncFunctions.Admin;
using SyncFunctions.Core.Security;
using SyncFunctions.Runs;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Hardening;

/// <summary>Storage that cannot be reached (a closed loopback port) is a 503 with Retry-After, not a 500.</summary>
public sealed class StorageUnavailableTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        // Nothing listens on a port that was just free; every storage request is refused.
        var closed = FreePort.Next();
        var storage = StorageConnectionString.ForAzurite(closed, closed, closed).Value;
        _app = await TestApp.StartAsync(storage);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static void AssertUnavailable(TestResponse response)
    {
        Assert.True(response.Status == 503, response.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal("storage_unavailable", response.Str("code"));
        Assert.True(int.TryParse(response.Headers.RetryAfter.ToString(), out var seconds) && seconds > 0, response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task A_key_lookup_that_cannot_reach_storage_is_a_503()
    {
        var key = "sfk_" + new string('a', ApiKeyTokens.Length - 4);
        var response = await TestRequest.Get("sync-job-run/some-run").Bearer(key)
            .SendAsync(r => _app.Function<RunFunctions>().Get(r, "some-run"));

        AssertUnavailable(response);
    }

    [Fact]
    public async Task A_handler_that_cannot_reach_storage_is_a_503()
    {
        var response = await TestRequest.Post("admin/environments").Bearer(_app.AdminKey).Json(new { name = "down" })
            .SendAsync(_app.Function<EnvironmentFunctions>().Create);

        AssertUnavailable(response);
    }
}
