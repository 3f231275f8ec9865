using System.Globalization;
using System.Text.Json;
using SyncFunctions.Bench;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing.App;

// Usage: SyncFunctions.Bench <storage connection string> [--records N] [--device-records N] [--only accounts]
//        [--azurite-pid PID] [--out file.json]
var connection = args.Length > 0 ? args[0] : throw new ArgumentException("The storage connection string is the first argument (scripts/bench.sh passes it).");
var records = Option("--records") is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 100_000;
var deviceRecords = Option("--device-records") is { } d ? long.Parse(d, CultureInfo.InvariantCulture) : 1_000_000;
var output = Option("--out") ?? "bench-results.json";
var only = Option("--only");
if (only is not (null or "accounts"))
{
    throw new ArgumentException($"--only takes 'accounts', not '{only}'.");
}

CpuMeter.AzuritePid = Option("--azurite-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null;
var all = only is null;

// The upstream-bound curve: per-page latencies from none (storage-bound again) to a slow API, and records per account
// (100 cursor pages: about 20 s a run at 200 ms a page).
int[] upstreamLatenciesMs = [0, 25, 50, 100, 200];
const long UpstreamBoundShare = 10_000;
var load = new List<string> { LoadAverage() };

await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = records, Users = 1, Deals = 1 });
var figures = new List<Figure>();
var accountRuns = new List<object>();

var sample = upstream.Data.Snapshot(DemoResources.Contacts).First().ToJsonString();
var rawWrites = await Ceilings.RawTableWritesPerSecondAsync(connection, (int)Math.Min(records, 50_000), sample);
figures.Add(new("ceiling: raw Table writes (batches of 100, 8 in flight)", rawWrites, "entities/s", null, null));

if (all)
{
    await EngineFiguresAsync();
}

await AccountFiguresAsync();

if (all)
{
    await DeviceStartFiguresAsync();
}

load.Add(LoadAverage());

Console.WriteLine();
Console.WriteLine($"| figure | value | unit | ratio | goal |");
Console.WriteLine($"|---|---:|---|---:|---|");
foreach (var f in figures)
{
    Console.WriteLine($"| {f.Name} | {f.Value:N1} | {f.Unit} | {(f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "")} | {f.Goal} |");
}

Console.WriteLine($"load average (1, 5, 15 min) at the start: {load[0]}; at the end: {load[1]}");

await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new
{
    machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
    load_average = new { start = load[0], end = load[1] },
    records,
    device_records = deviceRecords,
    only,
    at = DateTimeOffset.UtcNow,
    figures,
    account_runs = accountRuns,
}, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
Console.WriteLine($"written {output}");

// The ingest engine against its ceilings, its page curve and memory, the read path over what it stored, Durable's round trips.
async Task EngineFiguresAsync()
{
    var upstreamReads = await Ceilings.UpstreamReadsPerSecondAsync(upstream.BaseUrl, records);
    figures.Add(new("ceiling: reading the upstream alone", upstreamReads, "records/s", null, null));

    IngestResult small, large;
    ReadPathResult read;
    await using (var app = await BenchApp.StartAsync(connection))
    {
        await using var tenth = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = records / 10, Users = 1, Deals = 1 });
        (small, _) = await EngineIngest.RunAsync(app, tenth.BaseUrl);
        await BenchApp.DeleteTablesAsync(connection, app.TablePrefix);
    }

    await using (var app = await BenchApp.StartAsync(connection))
    {
        (large, var seeded) = await EngineIngest.RunAsync(app, upstream.BaseUrl);

        // The store the ingest produced, read back.
        read = await ReadPath.RunAsync(app, connection, new(seeded.EnvironmentId, seeded.AccountId, "crm/contacts"));
        await BenchApp.DeleteTablesAsync(connection, app.TablePrefix);
    }

    var ceiling = Math.Min(rawWrites, upstreamReads);
    figures.Add(new($"ingest engine without Durable ({large.Records:N0} records)", large.PerSecond, "records/s", large.PerSecond / ceiling, ">= 0.70 of the lower ceiling"));

    // A stored record is two entity writes (its row and its change-feed row): the same figure against half the raw entity rate.
    var recordCeiling = Math.Min(rawWrites / 2, upstreamReads);
    figures.Add(new("ingest engine, two entities per record: vs half the raw entity ceiling", large.PerSecond, "records/s", large.PerSecond / recordCeiling, "(>= 0.70)"));
    figures.Add(new("per-page latency: last tenth / second tenth of pages", large.PageCurve, "x", large.PageCurve, "<= 1.5"));
    var memory = (double)large.PeakManagedBytes / small.PeakManagedBytes;
    figures.Add(new($"peak managed memory: {large.Records:N0} vs {small.Records:N0} records", large.PeakManagedBytes / 1048576.0, "MiB", memory, "<= 1.2"));

    figures.Add(new($"ceiling: raw range read of the records partition ({read.Rows:N0} rows, 1,000 a page)", read.RawPerSecond, "records/s", null, null));
    figures.Add(new($"GET records read-back ({read.Listed:N0} records, {SyncFunctions.Core.Paging.PageLimits.Max} a page)", read.ListPerSecond, "records/s", read.ListPerSecond / read.RawPerSecond, ">= 0.50 of the raw range read"));
    figures.Add(new($"device session start + drain ({read.Drained:N0} items, {read.DevicePageSize} a page)", read.DrainPerSecond, "items/s", read.DrainPerSecond / read.RawPerSecond, ">= 0.50 of the raw range read"));

    var durable = await DurableRoundTrips.RunAsync(connection, 10_000);
    var perTenThousand = (durable.Episodes + durable.Activities) * 10_000.0 / durable.Records;
    figures.Add(new($"Durable round trips per 10,000 records ({durable.Activities} activities, {durable.Episodes} orchestration episodes)", perTenThousand, "round trips", perTenThousand, "<= 10"));
}

// 4 accounts of one environment at once vs one alone: against the storage (an upstream that answers at once), then
// against an upstream that takes its time over each page, as real APIs do.
async Task AccountFiguresAsync()
{
    var storageBound = await ParallelAccounts.RunAsync(connection, records / 4);
    Detail("storage-bound: page numbers read ahead, answered at once", null, storageBound);
    figures.Add(new(
        $"{storageBound.Accounts} accounts of one environment ingesting at once, {storageBound.Total / storageBound.Accounts:N0} records each (one alone: {storageBound.One.PerSecond:N0}/s; {storageBound.AllCpu})",
        storageBound.Aggregate,
        "records/s",
        storageBound.Speedup,
        $">= 3 x one account"));

    // What Azurite can take at all: each demo contact is three entity writes (its row, its change-feed row and, as the
    // demo contacts track deletes and a first run is a full sync, its seen-set row), so the aggregate cannot pass a
    // third of the raw entity rate. (The cursor-paged contacts below track no deletes: two entity writes each.)
    figures.Add(new($"{storageBound.Accounts} accounts at once vs a third of the raw entity ceiling (record, feed and seen-set rows; at most {rawWrites / 3 / storageBound.One.PerSecond:0.00} x one account)", storageBound.Aggregate, "records/s", storageBound.Aggregate / (rawWrites / 3), null));

    // Cursor paging: the engine cannot ask for a page before the last one named it, so each page costs a run the
    // upstream's latency; one account's run is then bound by its upstream, and accounts' runs can overlap.
    var conflicts = storageBound.Conflicts;
    foreach (var milliseconds in upstreamLatenciesMs)
    {
        var latency = TimeSpan.FromMilliseconds(milliseconds);
        var run = await ParallelAccounts.RunAsync(connection, UpstreamBoundShare, latency);
        Detail($"upstream-bound: cursor, {milliseconds} ms a page", milliseconds, run);
        conflicts += run.Conflicts;
        figures.Add(new(
            $"{run.Accounts} accounts at once, cursor-paged upstream answering each page after {milliseconds} ms, {UpstreamBoundShare:N0} records each (one alone: {run.One.PerSecond:N0}/s; {run.Conflicts} counter conflicts; {run.AllCpu})",
            run.Aggregate,
            "records/s",
            run.Speedup,
            ">= 3 x one account"));
    }

    figures.Add(new($"ETag conflicts on revision counters, all {storageBound.Accounts}-at-once runs above", conflicts, "conflicts", null, "0 (a counter row per account)"));
}

void Detail(string kind, int? latencyMs, ParallelAccountsResult run) => accountRuns.Add(new
{
    kind,
    latency_ms = latencyMs,
    run.Accounts,
    share = run.Total / run.Accounts,
    one_per_second = run.One.PerSecond,
    one_cpu = run.OneCpu,
    aggregate_per_second = run.Aggregate,
    speedup = run.Speedup,
    elapsed_seconds = run.Elapsed.TotalSeconds,
    all_cpu = run.AllCpu,
    run.Conflicts,
});

// A device session start over a large store vs a small one, next to Azurite's own read of the same rows.
async Task DeviceStartFiguresAsync()
{
    var startSmall = await DeviceStart.RunAsync(connection, upstream.BaseUrl, 10_000);
    var startLarge = await DeviceStart.RunAsync(connection, upstream.BaseUrl, deviceRecords);
    figures.Add(new(
        $"device session start, {startLarge.Stored:N0} stored + {startLarge.Changed} changed vs {startSmall.Stored:N0} + {startSmall.Changed} ({startSmall.StartMilliseconds:N1} ms; median of 7)",
        startLarge.StartMilliseconds,
        "ms",
        startLarge.StartMilliseconds / startSmall.StartMilliseconds,
        "<= 1.5"));
    figures.Add(new(
        $"Azurite alone: range read of those {startLarge.Changed} feed rows, {startLarge.Stored:N0} vs {startSmall.Stored:N0} stored ({startSmall.RawTailMilliseconds:N1} ms)",
        startLarge.RawTailMilliseconds,
        "ms",
        startLarge.RawTailMilliseconds / startSmall.RawTailMilliseconds,
        null));
    figures.Add(new($"seeding {startLarge.Stored:N0} records for it (4 pages of 1,000 in flight, no read first)", startLarge.Stored / startLarge.Seeding.TotalSeconds, "records/s", null, null));
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

internal sealed record Figure(string Name, double Value, string Unit, double? Ratio, string? Goal);
