using SyncFunctions.Core.Runs;
using SyncFunctions.Definitions;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Definitions;

namespace SyncFunctions.Tests.Status;

/// <summary>An environment with the demo integration, one account and one job; runs are seeded in the store and announced to the observers as the starter does.</summary>
internal sealed class StatusStage
{
    private StatusStage(TestApp app, string env, string key, string accountId, string jobId)
    {
        App = app;
        EnvironmentId = env;
        Key = key;
        AccountId = accountId;
        JobId = jobId;
    }

    public TestApp App { get; }

    public string EnvironmentId { get; }

    public string Key { get; }

    public string AccountId { get; }

    public string JobId { get; }

    public static async Task<StatusStage> CreateAsync(TestApp app)
    {
        var admin = new AdminClient(app);
        var env = await admin.NewEnvironmentAsync();
        var (_, key) = await admin.NewKeyAsync(env, "integrations", "sync_jobs", "runs", "status");
        await TestRequest.Put("integrations/crm").Bearer(key).Json(DefinitionsApiTests.DemoIntegration()).SendAsync(r => app.Function<IntegrationFunctions>().Put(r, "crm"));
        var account = await TestRequest.Post("integrated-accounts").Bearer(key).Json(new { integration_name = "crm", name = "Acme CRM", external_id = "acme-1" })
            .SendAsync(app.Function<AccountFunctions>().Create);
        Assert.True(account.Status == 201, account.ToString());
        var job = await TestRequest.Post("sync-job").Bearer(key).Body("""{"integration_name":"crm","resources":[{"resource":"crm/contacts","method":"list"}]}""")
            .SendAsync(app.Function<SyncJobFunctions>().Create);
        return new StatusStage(app, env, key, account.Str("id")!, job.Str("id")!);
    }

    public async Task<string> NewAccountAsync(string name, string externalId)
    {
        var account = await TestRequest.Post("integrated-accounts").Bearer(Key).Json(new { integration_name = "crm", name, external_id = externalId })
            .SendAsync(App.Function<AccountFunctions>().Create);
        Assert.True(account.Status == 201, account.ToString());
        return account.Str("id")!;
    }

    /// <summary>Stores a run shaped by <paramref name="shape"/> (from a fresh queued one) and tells the observers it was created.</summary>
    public async Task<SyncJobRun> SeedAsync(Func<SyncJobRun, SyncJobRun> shape, string? accountId = null)
    {
        var queued = (await App.Get<RunPreparation>().PrepareAsync(
            EnvironmentId, new CreateRunRequest(JobId, accountId ?? AccountId, null, null, null, null, null, null), "Manual", default)).Run;
        var run = shape(queued);
        await App.Get<IRunStore>().CreateAsync(run, default);
        await App.Get<RunObservers>().NotifyAsync(run, RunTransition.Created, default);
        return run;
    }

    /// <summary>Moves a stored run on, as the orchestration would, and tells the observers.</summary>
    public async Task<SyncJobRun> MoveAsync(SyncJobRun run, Func<SyncJobRun, SyncJobRun> change, RunTransition transition)
    {
        var store = App.Get<IRunStore>();
        var (current, etag) = (await store.GetForUpdateAsync(run.EnvironmentId, run.Id, default))!.Value;
        var moved = change(current);
        await store.ReplaceAsync(moved, etag, default);
        await App.Get<RunObservers>().NotifyAsync(moved, transition, default);
        return moved;
    }
}
