using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Status;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.DeviceSync;

namespace SyncFunctions.Tests.Status;

/// <summary>
/// 100 requests a minute per API key on job_sync_status, counted in Azurite: the clock is moved by hand (placed
/// mid-window), so the 101st request is refused however long the test takes.
/// </summary>
public sealed class JobSyncStatusRateLimitTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private TestApp _app = null!;
    private StatusStage _stage = null!;

    public async Task InitializeAsync()
    {
        var now = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(90 - now.Second) - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerSecond)); // hh:mm:30
        _app = await TestApp.StartAsync(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        _stage = await StatusStage.CreateAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Task<TestResponse> GetAsync(TestApp app, string jobId, string key) =>
        TestRequest.Get($"sync-job/{jobId}/job_sync_status").Bearer(key).SendAsync(r => app.Function<JobSyncStatusFunction>().List(r, jobId));

    [Fact]
    public async Task The_101st_request_in_a_minute_is_429_with_retry_after_and_rate_limit_headers()
    {
        var reset = new DateTimeOffset(_clock.GetUtcNow().UtcTicks - (_clock.GetUtcNow().UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        for (var i = 1; i <= 100; i++)
        {
            var ok = await GetAsync(_app, _stage.JobId, _stage.Key);
            Assert.True(ok.Status == 200, $"request {i}: {ok}");
            Assert.Equal("100", ok.Header("X-RateLimit-Limit"));
            Assert.Equal((100 - i).ToString(), ok.Header("X-RateLimit-Remaining"));
        }

        var refused = await GetAsync(_app, _stage.JobId, _stage.Key);

        Assert.Equal(429, refused.Status);
        Assert.Equal("30", refused.Header("Retry-After"));
        Assert.Equal("100", refused.Header("X-RateLimit-Limit"));
        Assert.Equal("0", refused.Header("X-RateLimit-Remaining"));
        Assert.Equal(reset.ToUnixTimeSeconds().ToString(), refused.Header("X-RateLimit-Reset"));
        Assert.NotNull(refused.Str("message"));

        var (_, otherKey) = await new AdminClient(_app).NewKeyAsync(_stage.EnvironmentId, "status");
        Assert.Equal(200, (await GetAsync(_app, _stage.JobId, otherKey)).Status);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var nextMinute = await GetAsync(_app, _stage.JobId, _stage.Key);
        Assert.Equal(200, nextMinute.Status);
        Assert.Equal("99", nextMinute.Header("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Instances_share_the_count_and_concurrent_requests_never_exceed_it()
    {
        // A second app instance over the same tables, as a second Functions host would be.
        await using var second = await TestApp.StartAsync(
            azurite.ConnectionString,
            settings: new Dictionary<string, string?> { ["SyncFunctions:TablePrefix"] = _app.TablePrefix },
            services: s => s.AddSingleton<TimeProvider>(_clock));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(200, (await GetAsync(_app, _stage.JobId, _stage.Key)).Status);
        }

        var burst = await Task.WhenAll(Enumerable.Range(0, 70).Select(i => Task.Run(() => GetAsync(i % 2 == 0 ? _app : second, _stage.JobId, _stage.Key))));

        Assert.Equal(50, burst.Count(r => r.Status == 200));
        Assert.Equal(20, burst.Count(r => r.Status == 429));
        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => i.ToString()).Order(),
            burst.Where(r => r.Status == 200).Select(r => r.Header("X-RateLimit-Remaining")!).Order());
    }
}
