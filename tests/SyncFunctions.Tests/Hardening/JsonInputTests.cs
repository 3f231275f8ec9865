using SyncFunctions.Definitions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.DeviceSync;
using SyncFunctions.Schedules;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Runs;

namespace SyncFunctions.Tests.Hardening;

/// <summary>
/// JSON that parses but that .NET cannot represent — a lone UTF-16 surrogate, an integer beyond 64 bits — is a 400
/// problem naming the field, wherever the API reads a body.
/// </summary>
public sealed class JsonInputTests(HubFixture hub) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private const string LoneSurrogate = "\\ud800";
    private RunScenario _hub = null!;
    private string _job = "";
    private string _syncKey = "";

    public async Task InitializeAsync()
    {
        _hub = await hub.StageDemoAsync(new DemoUpstreamOptions { Contacts = 2, Users = 1, Deals = 1 });
        _job = await _hub.CreateJobAsync("""{"integration_name":"demo","args_schema":{"type":"object"},"resources":[{"resource":"crm/deals","method":"list"}]}""");
        _syncKey = (await new AdminClient(_hub.App).NewKeyAsync(_hub.EnvironmentId, "sync")).Token;
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private string RunBody(string args) =>
        $$"""{"sync_job_id":"{{_job}}","integrated_account_id":"{{_hub.AccountId}}","args":""" + args + "}";

    private static void AssertProblem(TestResponse response, string code, string field)
    {
        Assert.True(response.Status == 400, response.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal(code, response.Str("code"));
        Assert.Equal(field, response.Str("field"));
    }

    [Fact]
    public async Task A_lone_surrogate_in_an_args_schema_names_the_field()
    {
        var response = await TestRequest.Post("sync-job").Bearer(_hub.Key)
            .Body($$"""{"integration_name":"demo","args_schema":{"type":"object","description":"{{LoneSurrogate}}"},"resources":[{"resource":"crm/deals","method":"list"}]}""")
            .SendAsync(_hub.App.Function<SyncJobFunctions>().Create);

        AssertProblem(response, "invalid_string", "args_schema.description");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_property_name_names_the_field()
    {
        var response = await TestRequest.Post("sync-job-run").Bearer(_hub.Key)
            .Body(RunBody("""{"a\ud800":1}"""))
            .SendAsync(r => _hub.Runs.Create(r, _hub.App.DurableClient));

        AssertProblem(response, "invalid_string", "args");
    }

    [Theory]
    [InlineData($$"""{"since":"{{LoneSurrogate}}"}""", "invalid_string", "args.since")]
    [InlineData("""{"ids":[1,9223372036854775808]}""", "number_out_of_range", "args.ids[1]")]
    [InlineData("""{"n":-9223372036854775809}""", "number_out_of_range", "args.n")]
    [InlineData("""{"n":1e400}""", "number_out_of_range", "args.n")]
    public async Task Run_args_that_dotnet_cannot_hold_name_the_field(string args, string code, string field)
    {
        var response = await TestRequest.Post("sync-job-run").Bearer(_hub.Key)
            .Body(RunBody(args))
            .SendAsync(r => _hub.Runs.Create(r, _hub.App.DurableClient));

        AssertProblem(response, code, field);
    }

    [Theory]
    [InlineData($$"""{"since":"{{LoneSurrogate}}"}""", "invalid_string", "args.since")]
    [InlineData("""{"n":9223372036854775808}""", "number_out_of_range", "args.n")]
    public async Task Cron_args_that_dotnet_cannot_hold_name_the_field(string args, string code, string field)
    {
        var response = await TestRequest.Post("sync-job-cron-trigger").Bearer(_hub.Key)
            .Body($$"""{"sync_job_id":"{{_job}}","integrated_account_id":"{{_hub.AccountId}}","cron_expression":"0 * * * *","args":{{args}}}""")
            .SendAsync(_hub.App.Function<CronTriggerFunctions>().Create);

        AssertProblem(response, code, field);
    }

    [Fact]
    public async Task A_property_named_twice_in_an_args_schema_names_it()
    {
        // Found by the fuzz: the schema is read as a JsonObject, which threw (500) on the second "name".
        var response = await TestRequest.Post("sync-job").Bearer(_hub.Key)
            .Body("""{"integration_name":"demo","args_schema":{"type":"object","name":"a","name":"b"},"resources":[{"resource":"crm/deals","method":"list"}]}""")
            .SendAsync(_hub.App.Function<SyncJobFunctions>().Create);

        AssertProblem(response, "duplicate_property", "args_schema.name");
    }

    [Fact]
    public async Task A_property_named_twice_in_run_args_names_it()
    {
        var response = await TestRequest.Post("sync-job-run").Bearer(_hub.Key)
            .Body(RunBody("""{"page":{"n":1,"n":2}}"""))
            .SendAsync(r => _hub.Runs.Create(r, _hub.App.DurableClient));

        AssertProblem(response, "duplicate_property", "args.page.n");
    }

    [Fact]
    public async Task A_lone_surrogate_in_an_ack_key_names_the_field()
    {
        var response = await TestRequest.Post("v2/sync/ack").Bearer(_syncKey).Header("X-Basecrm-Device-UUID", Guid.NewGuid().ToString())
            .Body("""{"data":{"ack_keys":["ok","\ud800"]}}""")
            .SendAsync(_hub.App.Function<DeviceSyncFunctions>().Ack);

        AssertProblem(response, "invalid_string", "data.ack_keys[1]");
    }

    [Fact]
    public async Task Ordinary_numbers_and_escaped_pairs_still_pass()
    {
        var response = await TestRequest.Post("sync-job-run").Bearer(_hub.Key)
            .Body(RunBody("""{"max":9223372036854775807,"min":-9223372036854775808,"ratio":0.5,"big":1e300,"emoji":"\ud83d\ude00"}"""))
            .SendAsync(r => _hub.Runs.Create(r, _hub.App.DurableClient));

        Assert.True(response.Status == 201, response.ToString());
    }
}
