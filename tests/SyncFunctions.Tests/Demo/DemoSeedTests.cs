using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SyncFunctions.Composition;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.Records;
using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Runs;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Demo;

/// <summary>
/// The local hub's demo data: the start-up service seeds it against a real demo upstream, a second start changes
/// nothing, and both seeded jobs run to completion with the development key, storing the upstream's data.
/// </summary>
public sealed class DemoSeedTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>The value in local.settings.sample.json.</summary>
    private const string DevKey = "sfk_DemoLocalDevelopmentOnlyNotASecret0123456789abcdefghijklmnop";

    [Fact]
    public async Task The_seeded_jobs_run_with_the_development_key_and_a_second_start_changes_nothing()
    {
        await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Users = 3, Contacts = 6, Deals = 5 });
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, durable: true,
            settings: new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" });
        var options = new DemoSeedOptions(upstream.BaseUrl, DevKey);

        var first = await SeedThroughTheStartupServiceAsync(app, options);
        var integrations = app.Get<Core.Integrations.IIntegrationStore>();
        var seeded = (await integrations.GetAsync(DemoSeeder.EnvironmentId, DemoSeeder.IntegrationName, default))!;
        var second = await SeedThroughTheStartupServiceAsync(app, options);

        // What exists is left alone (a user may have edited it).
        Assert.Equal(seeded.UpdatedAt, (await integrations.GetAsync(DemoSeeder.EnvironmentId, DemoSeeder.IntegrationName, default))!.UpdatedAt);
        Assert.Equal(first, second with { SyncJobIds = first.SyncJobIds });
        Assert.Equal(first.SyncJobIds.Order(), second.SyncJobIds.Order());
        var jobs = await TestRequest.Get("sync-job").Bearer(DevKey).SendAsync(app.Function<SyncJobFunctions>().List);
        Assert.True(jobs.Status == 200, jobs.ToString());
        Assert.Equal(3, jobs.Json.GetProperty("data").GetArrayLength());

        // Two jobs of the demo integration's account, the last one of the hubspot account's.
        foreach (var (job, account) in first.SyncJobIds.Select((job, i) => (job, i < 2 ? first.AccountId : first.HubSpotAccountId)))
        {
            var created = await TestRequest.Post("sync-job-run").Bearer(DevKey).Json(new { sync_job_id = job, integrated_account_id = account })
                .SendAsync(r => app.Function<RunFunctions>().Create(r, app.DurableClient));
            Assert.True(created.Status == 201, created.ToString());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await app.DurableClient.WaitForInstanceCompletionAsync(created.Str("id")!, timeout.Token);
            var run = await TestRequest.Get($"sync-job-run/{created.Str("id")}").Bearer(DevKey).SendAsync(r => app.Function<RunFunctions>().Get(r, created.Str("id")!));
            Assert.True(run.Str("status") == "completed", run.ToString());
        }

        foreach (var (resource, name, account) in new[]
        {
            ("users", DemoResources.Users, first.AccountId), ("crm/contacts", DemoResources.Contacts, first.AccountId), ("deals", DemoResources.Deals, first.AccountId),
            ("notes", DemoResources.Notes, first.AccountId), ("crm/contacts", DemoResources.Contacts, first.HubSpotAccountId),
        })
        {
            var stored = new List<string>();
            await foreach (var record in app.Get<IRecordStore>().ReadAllAsync(new RecordScope(DemoSeeder.EnvironmentId, account, resource), default))
            {
                stored.Add(record.Id);
            }

            Assert.Equal(upstream.Data.Snapshot(name).Select(r => r["id"]!.ToString()).Order(), stored.Order());
        }
    }

    private static async Task<DemoSeedResult> SeedThroughTheStartupServiceAsync(TestApp app, DemoSeedOptions options)
    {
        using var service = new DemoSeedService(app.Get<DemoSeeder>(), options, NullLogger<DemoSeedService>.Instance);
        await service.StartAsync(default);
        await service.ExecuteTask!;
        Assert.NotNull(await app.Get<Core.ApiKeys.IApiKeyStore>().FindByHashAsync(Core.Security.ApiKeyTokens.Hash(options.ApiKey), default));
        return await app.Get<DemoSeeder>().SeedAsync(options, default);
    }

    [Fact]
    public void Start_up_seeds_only_with_both_settings_and_refuses_a_malformed_key()
    {
        static SyncFunctionsSettings Read(params (string Key, string Value)[] values) =>
            SyncFunctionsSettings.From(new ConfigurationBuilder().AddInMemoryCollection(
                values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))
                    .Append(new("SyncFunctions:CredentialKey", Convert.ToBase64String(new byte[32])))
                    .Append(new("AzureWebJobsStorage", "UseDevelopmentStorage=true"))).Build());

        Assert.Null(Read().DemoSeed);
        Assert.Null(Read(("SyncFunctions:DemoUpstreamUrl", "http://127.0.0.1:5080")).DemoSeed);
        Assert.Equal(new DemoSeedOptions(new Uri("http://127.0.0.1:5080"), DevKey),
            Read(("SyncFunctions:DemoUpstreamUrl", "http://127.0.0.1:5080"), ("SyncFunctions:DemoApiKey", DevKey)).DemoSeed);
        var bad = Assert.Throws<InvalidOperationException>(() => Read(("SyncFunctions:DemoUpstreamUrl", "http://127.0.0.1:5080"), ("SyncFunctions:DemoApiKey", "short")));
        Assert.Contains("SyncFunctions__DemoApiKey", bad.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short", bad.Message, StringComparison.Ordinal);
    }
}
