using SyncFunctions.Core.Health;

namespace SyncFunctions.Core.Tests.Health;

public sealed class HealthServiceTests
{
    private sealed class Check(string name, Func<CancellationToken, Task> probe) : IHealthCheck
    {
        public string Name => name;

        public Task ProbeAsync(CancellationToken ct) => probe(ct);
    }

    [Fact]
    public async Task All_ok_is_healthy()
    {
        var report = await new HealthService([new Check("a", _ => Task.CompletedTask), new Check("b", _ => Task.CompletedTask)]).CheckAsync(default);

        Assert.True(report.IsHealthy);
        Assert.All(report.Checks.Values, c => Assert.True(c.IsOk));
    }

    [Fact]
    public async Task One_failure_is_unhealthy_and_says_only_the_first_line()
    {
        var report = await new HealthService(
        [
            new Check("ok", _ => Task.CompletedTask),
            new Check("broken", _ => throw new InvalidOperationException("Connection refused\nStatus: 500\nHeaders: lots")),
        ]).CheckAsync(default);

        Assert.False(report.IsHealthy);
        Assert.True(report.Checks["ok"].IsOk);
        Assert.Equal("unreachable", report.Checks["broken"].Status);
        Assert.Equal("InvalidOperationException: Connection refused", report.Checks["broken"].Error);
    }

    [Fact]
    public async Task A_hanging_check_times_out_instead_of_hanging_the_endpoint()
    {
        var report = await new HealthService([new Check("slow", ct => Task.Delay(Timeout.Infinite, ct))]).CheckAsync(default);

        Assert.Equal("unreachable", report.Checks["slow"].Status);
        Assert.Contains("Timed out", report.Checks["slow"].Error);
    }
}
