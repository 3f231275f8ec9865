using Microsoft.DurableTask.Client;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.Security;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Bench;

/// <summary>One run of a sequentially paged resource on the in-process Durable host, its round trips counted.</summary>
internal static class DurableRoundTrips
{
    public static async Task<(long Records, long Episodes, long Activities)> RunAsync(string connection, long records)
    {
        await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = records, Users = 1, Deals = 1 });
        await using var app = await TestApp.StartAsync(connection, durable: true, settings: new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" });
        var token = ApiKeyTokens.Generate();
        var seeded = await app.Get<DemoSeeder>().SeedAsync(new DemoSeedOptions(upstream.BaseUrl, token), default);
        var job = await TestRequest.Post("sync-job").Bearer(token)
            .Body($$"""{"integration_name":"{{seeded.IntegrationName}}","resources":[{"resource":"crm/contacts","method":"list"}]}""")
            .SendAsync(app.Function<SyncJobFunctions>().Create);
        var meter = app.DurableMeter!;
        meter.Reset();
        var created = await TestRequest.Post("sync-job-run").Bearer(token)
            .Json(new { sync_job_id = job.Str("id"), integrated_account_id = seeded.AccountId })
            .SendAsync(r => app.Function<RunFunctions>().Create(r, app.DurableClient));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var state = await app.DurableClient.WaitForInstanceCompletionAsync(created.Str("id")!, timeout.Token);
        if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The run ended {state.RuntimeStatus}.");
        }

        return (records, meter.OrchestrationEpisodes, meter.Activities);
    }
}
