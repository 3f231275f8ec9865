using System.Text.Json.Nodes;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Runs;
using SyncFunctions.Definitions;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Definitions;

namespace SyncFunctions.Tests.Runs;

/// <summary>Every check a run request can fail, against real definitions on Azurite, and the previous run date.</summary>
public sealed class RunPreparationTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private string _env = "";
    private string _jobId = "";
    private string _accountId = "";
    private string _otherAccountId = "";

    private RunPreparation Runs => fixture.App.Get<RunPreparation>();

    public async Task InitializeAsync()
    {
        var admin = new AdminClient(fixture.App);
        _env = await admin.NewEnvironmentAsync();
        var (_, key) = await admin.NewKeyAsync(_env, "integrations", "sync_jobs");
        await TestRequest.Put("integrations/crm").Bearer(key).Json(DefinitionsApiTests.DemoIntegration()).SendAsync(r => fixture.App.Function<IntegrationFunctions>().Put(r, "crm"));
        await TestRequest.Put("integrations/other").Bearer(key).Json(DefinitionsApiTests.DemoIntegration()).SendAsync(r => fixture.App.Function<IntegrationFunctions>().Put(r, "other"));
        _accountId = (await TestRequest.Post("integrated-accounts").Bearer(key).Json(new { integration_name = "crm" }).SendAsync(fixture.App.Function<AccountFunctions>().Create)).Str("id")!;
        _otherAccountId = (await TestRequest.Post("integrated-accounts").Bearer(key).Json(new { integration_name = "other" }).SendAsync(fixture.App.Function<AccountFunctions>().Create)).Str("id")!;
        var job = await TestRequest.Post("sync-job").Bearer(key).Body("""
            {"integration_name":"crm",
             "args_schema":{"type":"object","properties":{"user_ids":{"type":"array","items":{"type":"string"}}},"required":["user_ids"]},
             "resources":[{"resource":"crm/contacts","method":"list"},{"resource":"crm/users","method":"get","id":"{{args.user_ids}}","loop_on":"user_ids"}]}
            """).SendAsync(fixture.App.Function<SyncJobFunctions>().Create);
        _jobId = job.Str("id")!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private CreateRunRequest Request(string? args = """{"user_ids":["1","2"]}""") =>
        new(_jobId, _accountId, args is null ? null : JsonNode.Parse(args)!.AsObject(), null, null, null, null, null);

    private async Task<ApiException> Refused(CreateRunRequest request) =>
        await Assert.ThrowsAsync<ApiException>(() => Runs.PrepareAsync(_env, request, "Manual", default));

    [Fact]
    public async Task A_valid_request_becomes_a_queued_full_sync_with_the_jobs_resources()
    {
        var run = (await Runs.PrepareAsync(_env, Request(), "Manual", default)).Run;

        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.True(run.FullSync);
        Assert.Null(run.PreviousRunDate);
        Assert.Equal(["crm/contacts", "crm/users"], run.Resources.Select(r => r.Resource));
        Assert.Equal("ignore", run.ErrorHandling);
        Assert.Equal("default", run.DaemonGroupKey);
        Assert.Equal("Manual", run.Trigger);
    }

    [Fact]
    public async Task Unknown_job_and_account_are_404_naming_the_field()
    {
        Assert.Equal(("sync_job_id", 404), Pair(await Refused(Request() with { SyncJobId = Guid.NewGuid().ToString() })));
        Assert.Equal(("integrated_account_id", 404), Pair(await Refused(Request() with { IntegratedAccountId = Guid.NewGuid().ToString() })));
    }

    [Fact]
    public async Task An_account_of_another_integration_is_refused() =>
        Assert.Equal(("integrated_account_id", 400), Pair(await Refused(Request() with { IntegratedAccountId = _otherAccountId })));

    [Fact]
    public async Task Args_are_checked_against_the_schema()
    {
        var missing = await Refused(Request("{}"));
        var wrongType = await Refused(Request("""{"user_ids":"1"}"""));

        Assert.Equal(400, ProblemStatus.Of(missing.Kind));
        Assert.StartsWith("args", missing.Field);
        Assert.Equal(400, ProblemStatus.Of(wrongType.Kind));
        Assert.Contains("user_ids", wrongType.Errors[0].Field);
    }

    [Fact]
    public async Task Mode_and_target_rules_are_enforced()
    {
        Assert.Equal(("error_handling", 400), Pair(await Refused(Request() with { ErrorHandling = "batch" })));
        Assert.Equal(("webhook_id", 400), Pair(await Refused(Request() with { DaemonGroupKey = "d", WebhookId = "w" })));
        Assert.Equal(("webhook_id", 404), Pair(await Refused(Request() with { WebhookId = "w" })));
    }

    [Fact]
    public async Task The_previous_run_date_is_the_start_of_the_last_completed_run_unless_ignored()
    {
        var store = fixture.App.Get<IRunStore>();
        var first = (await Runs.PrepareAsync(_env, Request(), "Manual", default)).Run;
        var started = DateTimeOffset.Parse("2026-01-02T03:04:05.678Z");
        await store.CreateAsync(first with { Status = RunStatus.Completed, StartedAt = started, FinishedAt = started.AddMinutes(1) }, default);
        var failed = (await Runs.PrepareAsync(_env, Request(), "Manual", default)).Run;
        await store.CreateAsync(failed with { Status = RunStatus.Failed, StartedAt = started.AddHours(1) }, default);

        var incremental = (await Runs.PrepareAsync(_env, Request(), "Manual", default)).Run;
        var full = (await Runs.PrepareAsync(_env, Request() with { IgnorePreviousRun = true }, "Manual", default)).Run;

        Assert.False(incremental.FullSync);
        Assert.Equal(started, incremental.PreviousRunDate);
        Assert.True(full.FullSync);
        Assert.Null(full.PreviousRunDate);

        var view = await fixture.App.Get<RunService>().GetAsync(_env, first.Id, default);
        Assert.Equal("completed", view.Status);
        Assert.Equal(_jobId, view.SyncJob!.Id);
        var list = await fixture.App.Get<RunService>().ListAsync(_env, new RunFilter(SyncJobId: _jobId, Status: RunStatus.Failed), null, 50, default);
        Assert.Equal([failed.Id], list.Items.Select(r => r.Id));
    }

    private static (string?, int) Pair(ApiException ex) => (ex.Field, ProblemStatus.Of(ex.Kind));
}
