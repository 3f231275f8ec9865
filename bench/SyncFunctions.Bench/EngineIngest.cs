using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.Json;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Bench;

/// <summary>One full run of the demo contacts through the page path (fetch + persist), without Durable.</summary>
internal sealed record IngestResult(long Records, TimeSpan Elapsed, IReadOnlyList<double> PageMilliseconds, long PeakManagedBytes)
{
    public double PerSecond => Records / Elapsed.TotalSeconds;

    /// <summary>The mean of the last tenth of the pages over the mean of the second tenth (the first warms the JIT up).</summary>
    public double PageCurve
    {
        get
        {
            var tenth = Math.Max(1, PageMilliseconds.Count / 10);
            return PageMilliseconds.TakeLast(tenth).Average() / PageMilliseconds.Skip(tenth).Take(tenth).Average();
        }
    }
}

internal static class EngineIngest
{
    /// <summary>Seeds the demo environment against <paramref name="upstream"/> and ingests its contacts into the demo account.</summary>
    public static async Task<(IngestResult Result, DemoSeedResult Seeded)> RunAsync(TestApp app, Uri upstream)
    {
        var seeded = await SeedAsync(app, upstream);
        var job = await ContactsJobAsync(app, seeded);
        return (await IngestAsync(app, seeded.EnvironmentId, job, seeded.AccountId), seeded);
    }

    public static Task<DemoSeedResult> SeedAsync(TestApp app, Uri upstream) =>
        app.Get<DemoSeeder>().SeedAsync(new DemoSeedOptions(upstream, ApiKeyTokens.Generate()), default);

    /// <summary>A job of the demo integration (or of <paramref name="integration"/>) that lists the unified contacts only.</summary>
    public static async Task<string> ContactsJobAsync(TestApp app, DemoSeedResult seeded, string? integration = null) =>
        (await app.Get<SyncJobService>().CreateAsync(seeded.EnvironmentId, new SyncJobDefinition
        {
            IntegrationName = integration ?? seeded.IntegrationName,
            Resources = JsonSerializer.Deserialize<List<SyncJobResource>>("""[{"resource":"crm/contacts","method":"list"}]""", WireJson.Strict),
        }, default)).Id;

    /// <summary>One run of <paramref name="jobId"/> for <paramref name="accountId"/>, paged to the end by the page activity's own loop.</summary>
    public static async Task<IngestResult> IngestAsync(TestApp app, string environmentId, string jobId, string accountId)
    {
        var (run, plan) = await app.Get<RunPreparation>().PrepareAsync(
            environmentId,
            new CreateRunRequest(jobId, accountId, new JsonObject(), null, true, null, null, null),
            "bench",
            default);
        await app.Get<IRunStore>().CreateAsync(run, default);
        await app.Get<RunStarter>().MarkRunningAsync(new RunRef(environmentId, run.Id), default);
        var entry = plan.Entries.Single();

        var pages = app.Get<PageRunner>();
        var times = new List<double>();
        var state = (Core.Engine.Pagination.PageState?)null;
        var records = 0L;
        var peak = 0L;
        var total = Stopwatch.StartNew();
        var page = Stopwatch.StartNew();

        // The page activity's own loop, one budget after another, timed page by page.
        Task PageDone(PageOutcome soFar, CancellationToken ct)
        {
            times.Add(page.Elapsed.TotalMilliseconds);
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            page.Restart();
            return Task.CompletedTask;
        }

        do
        {
            var stretch = await pages.RunAsync(new PageWork(environmentId, run.Id, entry.EntryIndex, 0, state, Plan: plan.PlanOf(entry.EntryIndex)), app.Get<PageBudget>(), default, PageDone);
            var outcome = stretch.Outcome ?? throw stretch.Error!;
            records += outcome.Fetched;
            state = outcome.Next;
        }
        while (!state.Done);

        return new IngestResult(records, total.Elapsed, times, peak);
    }
}
