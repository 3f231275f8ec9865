using System.Text.Json.Nodes;
using Moq;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>What a retry covers; the run store and the ledger are narrow seams.</summary>
public sealed class RunRetriesTests
{
    private static readonly SyncJobResource Contacts = new() { Resource = "crm/contacts", Method = "list" };
    private static readonly SyncJobResource Users = new() { Resource = "crm/users", Method = "list", LoopOn = "args.ids" };
    private static readonly SyncJobResource Notes = new() { Resource = "crm/notes", Method = "list", DependsOn = "crm/contacts" };

    private static SyncJobRun Source(RunStatus status, long pageErrors, params SyncJobResource[] resources) => TestRuns.New(status, "src") with
    {
        Args = new JsonObject { ["ids"] = new JsonArray(1, 2, 3) },
        Resources = resources,
        PageErrors = pageErrors,
        ErrorCode = "boom",
        PreviousRunDate = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch,
    };

    private static RunErrorEntry PageError(int entry, int unit, int page, string? parentKey = null) =>
        new($"{entry:D3}.{unit:D6}.{parentKey ?? "-"}.{page:D9}.999999", RunErrorTypes.Page, "r", "list", page, unit, parentKey, null, "upstream_error", "500", null, null,
            DateTimeOffset.UnixEpoch, new PageState { Index = page, Page = page + 1 });

    private static RunRetries Retries(SyncJobRun source, params RunErrorEntry[] ledger)
    {
        var runs = new Mock<IRunStore>();
        runs.Setup(r => r.GetAsync("env", "src", It.IsAny<CancellationToken>())).ReturnsAsync(source);
        var errors = new Mock<IRunErrorStore>();
        errors.Setup(e => e.ListAsync("env", "src", 200, null, It.IsAny<CancellationToken>())).ReturnsAsync(new StorePage<RunErrorEntry>(ledger, null));
        return new RunRetries(runs.Object, errors.Object, TimeProvider.System);
    }

    [Fact]
    public async Task Failed_loop_elements_are_retried_from_their_failed_pages_with_the_sources_window()
    {
        var source = Source(RunStatus.Completed, 2, Contacts, Users);

        var retry = await Retries(source, PageError(1, 0, 3), PageError(1, 2, 0)).PrepareAsync("env", "src", default);

        Assert.Equal([(1, 0, 3), (1, 2, 0)], retry.RetryTargets!.Select(t => (t.EntryIndex, t.UnitIndex, t.State!.Index)));
        Assert.Equal(("src", RunStatus.Queued, DateTimeOffset.UnixEpoch, 0L), (retry.RetryOf, retry.Status, retry.PreviousRunDate!.Value, retry.PageErrors));
        Assert.Null(retry.ErrorCode);
        Assert.Null(retry.FinishedAt);
        Assert.NotEqual("src", retry.Id);
    }

    [Fact]
    public async Task A_failure_in_a_depends_on_chain_or_a_failed_run_retries_everything()
    {
        var chained = await Retries(Source(RunStatus.Completed, 1, Contacts, Notes), PageError(0, 0, 1)).PrepareAsync("env", "src", default);
        var child = await Retries(Source(RunStatus.Completed, 1, Contacts, Notes), PageError(1, 0, 0, "000001-abc")).PrepareAsync("env", "src", default);
        var failed = await Retries(Source(RunStatus.Failed, 0, Contacts)).PrepareAsync("env", "src", default);

        Assert.Null(chained.RetryTargets);
        Assert.Null(child.RetryTargets);
        Assert.Null(failed.RetryTargets);
        Assert.Equal("src", failed.RetryOf);
    }

    [Theory]
    [InlineData(RunStatus.Completed, 0, ProblemKind.Conflict, RunRetries.NothingToRetry)]
    [InlineData(RunStatus.Stopped, 0, ProblemKind.Conflict, RunRetries.NothingToRetry)]
    [InlineData(RunStatus.Skipped, 0, ProblemKind.Conflict, RunRetries.NothingToRetry)]
    [InlineData(RunStatus.Running, 0, ProblemKind.Conflict, RunRetries.RunActive)]
    [InlineData(RunStatus.Queued, 0, ProblemKind.Conflict, RunRetries.RunActive)]
    public async Task Runs_without_failures_or_still_active_are_refused(RunStatus status, long pageErrors, ProblemKind expected, string code)
    {
        var ex = await Assert.ThrowsAsync<ApiException>(() => Retries(Source(status, pageErrors, Contacts)).PrepareAsync("env", "src", default));

        Assert.Equal((expected, code), (ex.Kind, ex.Code));
    }
}
