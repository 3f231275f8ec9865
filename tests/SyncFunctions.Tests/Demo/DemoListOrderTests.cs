using SyncFunctions.Core.Demo;
using SyncFunctions.Definitions;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Demo;

/// <summary>
/// README's demo session (and the first steps run-local.sh prints) picks <c>.data[0]</c> of <c>GET sync-job</c> and <c>GET integrated-accounts</c>: on fresh
/// storage that is the first seeded job (users + contacts + deals) and the seeded account, on every call.
/// </summary>
public sealed class DemoListOrderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>The value in local.settings.sample.json.</summary>
    private const string DevKey = "sfk_DemoLocalDevelopmentOnlyNotASecret0123456789abcdefghijklmnop";

    [Fact]
    public async Task Data_0_is_the_first_seeded_job_and_the_seeded_account_on_every_call()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString,
            settings: new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" });
        var seeded = await app.Get<DemoSeeder>().SeedAsync(new DemoSeedOptions(new Uri("http://127.0.0.1:5080"), DevKey), default);

        for (var call = 0; call < 3; call++)
        {
            var jobs = await TestRequest.Get("sync-job").Bearer(DevKey).SendAsync(app.Function<SyncJobFunctions>().List);
            Assert.True(jobs.Status == 200, jobs.ToString());
            var first = jobs.Json.GetProperty("data")[0];
            Assert.Equal(seeded.SyncJobIds[0], first.GetProperty("id").GetString());
            Assert.Equal(["users", "crm/contacts", "deals"], first.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("resource").GetString()));

            var accounts = await TestRequest.Get("integrated-accounts").Bearer(DevKey).SendAsync(app.Function<AccountFunctions>().List);
            Assert.True(accounts.Status == 200, accounts.ToString());
            Assert.Equal(seeded.AccountId, accounts.Json.GetProperty("data")[0].GetProperty("id").GetString());
        }
    }
}
