using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Durable;
using SyncFunctions.Runs.Orchestration;
using SyncFunctions.Testing;
using SyncFunctions.Tests.Runs;

namespace SyncFunctions.Tests.Telemetry;

/// <summary>Logs written while a run's activities work carry its environment, run and job ids, and never its credentials.</summary>
public sealed class RunLogScopeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Token = "bearer-token-that-must-never-be-logged-7f3a";

    [Fact]
    public async Task Run_logs_carry_environment_run_and_job_ids_and_no_secret()
    {
        var logs = new CapturingLoggerProvider();
        await using var hub = await RunScenario.StartAsync(
            azurite,
            new DemoUpstreamOptions { Contacts = 3, Users = 2, Auth = new UpstreamAuth { BearerToken = Token } },
            RunOrchestrationTests.DemoIntegration,
            credentials: new Dictionary<string, string> { ["token"] = Token },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var job = await hub.CreateJobAsync("""
            {"integration_name":"demo","resources":[
              {"resource":"crm/contacts","method":"list"},
              {"resource":"crm/users","method":"get","id":"999"}]}
            """);
        var run = await hub.RunAsync(job, errorHandling: "ignore");
        var runId = run.Str("id")!;

        var ended = Assert.Single(logs.Entries, e => e.Category == typeof(RunActivities).FullName && e.Message.Contains(" ended ", StringComparison.Ordinal));
        Assert.Contains(runId, ended.Message);
        AssertScope(ended, hub.EnvironmentId, runId, job);
        AssertScope(Assert.Single(logs.Entries, e => e.Category == typeof(RunActivities).FullName && e.Message == $"Run {runId} started"), hub.EnvironmentId, runId, job);

        // The user that does not exist upstream fails its page: logged with the code, inside the run's scope.
        var pageFailed = Assert.Single(logs.Entries, e => e.Category == typeof(RunActivities).FullName && e.Level == LogLevel.Warning);
        Assert.Contains("a page of entry 1 unit 0 failed with", pageFailed.Message, StringComparison.Ordinal);
        AssertScope(pageFailed, hub.EnvironmentId, runId, job);

        // Whatever else logs inside a page (here the upstream client's resilience pipeline) carries the run too.
        Assert.Contains(logs.Entries, e => e.Category == "Polly" && e.Scope.GetValueOrDefault("RunId") == runId);

        Assert.DoesNotContain(logs.Entries, e => (e.Message + e.Exception + string.Join(",", e.Scope.Values)).Contains(Token, StringComparison.Ordinal));
    }

    private static void AssertScope(CapturingLoggerProvider.LogEntry entry, string environmentId, string runId, string jobId)
    {
        Assert.Equal(environmentId, entry.Scope.GetValueOrDefault("EnvironmentId"));
        Assert.Equal(runId, entry.Scope.GetValueOrDefault("RunId"));
        Assert.Equal(jobId, entry.Scope.GetValueOrDefault("SyncJobId"));
    }
}
