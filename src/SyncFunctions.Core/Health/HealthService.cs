using System.Diagnostics;

namespace SyncFunctions.Core.Health;

/// <summary>Runs every check concurrently with a time limit, so one dead dependency can't hang the health endpoint.</summary>
public sealed class HealthService(IEnumerable<IHealthCheck> checks)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var results = await Task.WhenAll(checks.Select(c => RunAsync(c, ct))).ConfigureAwait(false);
        var byName = results.ToDictionary(r => r.Name, r => r.Result, StringComparer.Ordinal);
        return new HealthReport(byName.Values.All(r => r.IsOk) ? HealthReport.Healthy : HealthReport.Unhealthy, byName);
    }

    private static async Task<(string Name, HealthCheckResult Result)> RunAsync(IHealthCheck check, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await check.ProbeAsync(timeout.Token).ConfigureAwait(false);
            return (check.Name, new HealthCheckResult(HealthCheckResult.Ok, watch.ElapsedMilliseconds));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Only the exception type and first line: SDK messages can run long and echo request details.
            var message = ex is OperationCanceledException ? "Timed out." : ex.Message.Split('\n')[0].Trim();
            return (check.Name, new HealthCheckResult(HealthCheckResult.Unreachable, watch.ElapsedMilliseconds, $"{ex.GetType().Name}: {Truncate(message, 200)}"));
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
