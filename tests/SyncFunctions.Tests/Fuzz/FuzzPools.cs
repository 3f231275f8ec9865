using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Tests.Http;

namespace SyncFunctions.Tests.Fuzz;

/// <summary>
/// The real ids and cursors a fuzz may send, by kind, so that a fair share of requests reach an object that exists.
/// Deletes draw only spares: the objects the fuzz's key and its bodies depend on stay.
/// </summary>
internal sealed class FuzzPools
{
    private FuzzPools(ApiWorld world) => World = world;

    public ApiWorld World { get; }

    public Dictionary<string, List<string>> Ids { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<string>> Spares { get; } = new(StringComparer.Ordinal);

    public List<string> Cursors { get; } = [];

    /// <summary>The kind of id a route's path names (null: it names none).</summary>
    public static string? KindOf(ApiRoute route) => route.Template switch
    {
        ApiRoutes.Templates.Environment => "environment",
        ApiRoutes.Templates.ApiKey => "key",
        ApiRoutes.Templates.Integration => "integration",
        ApiRoutes.Templates.Account or ApiRoutes.Templates.Connection => "account",
        ApiRoutes.Templates.SyncJob or ApiRoutes.Templates.JobSyncStatus => "job",
        ApiRoutes.Templates.Run or ApiRoutes.Templates.RunErrors or ApiRoutes.Templates.CancelRun or ApiRoutes.Templates.RetryRun => "run",
        ApiRoutes.Templates.CronTrigger => "trigger",
        ApiRoutes.Templates.Webhook => "webhook",
        ApiRoutes.Templates.SyncQueue => "session",
        _ => null,
    };

    public static async Task<FuzzPools> SeedAsync(ApiWorld world, int spares = 3)
    {
        var pools = new FuzzPools(world);
        pools.Ids["environment"] = [world.EnvironmentA, world.EnvironmentB];
        pools.Ids["key"] = [world.KeyIdA];
        pools.Ids["integration"] = [ApiWorld.Integration];
        pools.Ids["account"] = [world.AccountId];
        pools.Ids["job"] = [world.JobId];
        pools.Ids["run"] = [world.RunId];
        pools.Ids["trigger"] = [world.CronTriggerId];
        pools.Ids["webhook"] = [world.WebhookId];
        pools.Ids["session"] = [world.SessionId];
        foreach (var kind in pools.Ids.Keys)
        {
            pools.Spares[kind] = [];
        }

        for (var i = 0; i < spares; i++)
        {
            pools.Spares["key"].Add(await world.NewSpareKeyIdAsync());
            pools.Spares["integration"].Add(await world.NewSpareIntegrationAsync());
            pools.Spares["account"].Add(await world.NewSpareAccountAsync());
            pools.Spares["job"].Add(await world.NewSpareJobAsync());
            pools.Spares["trigger"].Add(await world.NewCronTriggerAsync());
            pools.Spares["webhook"].Add(await world.NewWebhookAsync());
        }

        // One run that starts and two that find it active and are stored as skipped: runs the fuzz may stop and delete.
        for (var i = 0; i < 3; i++)
        {
            pools.Spares["run"].Add((await world.Expect(201, ApiRoutes.CreateSyncJobRun, world.KeyA, body: world.RunBody())).Str("id")!);
        }

        foreach (var (kind, ids) in pools.Spares)
        {
            pools.Ids[kind].AddRange(ids);
        }

        await pools.CollectCursorsAsync();
        return pools;
    }

    // Real cursors of each list, so tampering starts from something the codec once signed.
    private async Task CollectCursorsAsync()
    {
        var lists = new (ApiRoute Route, string Key, string Query)[]
        {
            (ApiRoutes.ListEnvironments, World.AdminKey, "limit=1"),
            (ApiRoutes.ListApiKeys, World.AdminKey, "limit=1"),
            (ApiRoutes.ListIntegratedAccounts, World.KeyA, "limit=1"),
            (ApiRoutes.ListSyncJobs, World.KeyA, "limit=1"),
            (ApiRoutes.ListSyncJobRuns, World.KeyA, "limit=1"),
            (ApiRoutes.ListSyncJobCronTriggers, World.KeyA, "limit=1"),
            (ApiRoutes.ListWebhooks, World.KeyA, "limit=1"),
            (ApiRoutes.ListConnections, World.KeyA, "limit=1"),
            (ApiRoutes.ListRecords, World.KeyA, $"limit=1&resource={Uri.EscapeDataString(ApiWorld.Resource)}&integrated_account_id={World.AccountId}"),
        };
        foreach (var (route, key, query) in lists)
        {
            var response = await World.Calls.SendAsync(route, Testing.Http.RouteCaller.Request(route, query: query).Bearer(key));
            var body = response.Json;
            var cursor = body.TryGetProperty("next_cursor", out var c) ? c.GetString()
                : body.TryGetProperty("meta", out var meta) && meta.TryGetProperty("next_cursor", out var m) ? m.GetString() : null;
            if (cursor is not null)
            {
                Cursors.Add(cursor);
            }
        }

        Assert.True(Cursors.Count >= 5, $"only {Cursors.Count} real cursors to tamper with");
    }
}
