using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.Json;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Bench;

/// <summary>One full run of the demo contacts through the page path (fetch + persist), without Durable.</summary>
internal sealed record IngestResult(long Records, TimeSpan Elapsed, IReadOnlyList<double> PageMilliseconds)
{
    public double PerSecond => Records / Elapsed.TotalSeconds;

    /// <summary>The mean of the last tenth of the pages over the mean of the first tenth.</summary>
    public double PageCurve
    {
        get
        {
            var tenth = Math.Max(1, PageMilliseconds.Count / 10);
            return PageMilliseconds.TakeLast(tenth).Average() / PageMilliseconds.Take(tenth).Average();
        }
    }
}

internal static class EngineIngest
{
    public static async Task<IngestResult> RunAsync(TestApp app, Uri upstream)
    {
        var seeded = await app.Get<DemoSeeder>().SeedAsync(new DemoSeedOptions(upstream, ApiKeyTokens.Generate()), default);
        var job = await app.Get<SyncJobService>().CreateAsync(seeded.EnvironmentId, new SyncJobDefinition
        {
            IntegrationName = seeded.IntegrationName,
            Resources = JsonSerializer.Deserialize<List<SyncJobResource>>("""[{"resource":"crm/contacts","method":"list"}]""", WireJson.Strict),
        }, default);
        var run = await app.Get<RunService>().PrepareAsync(
            seeded.EnvironmentId,
            new CreateRunRequest(job.Id, seeded.AccountId, new JsonObject(), null, true, null, null, null),
            "bench",
            default);
        await app.Get<IRunStore>().CreateAsync(run, default);
        var plan = await app.Get<RunLifecycle>().StartAsync(new RunRef(seeded.EnvironmentId, run.Id), default);
        var entry = plan.Entries.Single();

        var pages = app.Get<PageRunner>();
        var times = new List<double>();
        var state = (Core.Engine.Pagination.PageState?)null;
        var records = 0L;
        var total = Stopwatch.StartNew();
        do
        {
            var page = Stopwatch.StartNew();
            var outcome = await pages.RunAsync(new PageWork(seeded.EnvironmentId, run.Id, entry.EntryIndex, 0, state), default);
            times.Add(page.Elapsed.TotalMilliseconds);
            records += outcome.Fetched;
            state = outcome.Next;
        }
        while (!state.Done);

        return new IngestResult(records, total.Elapsed, times);
    }
}
