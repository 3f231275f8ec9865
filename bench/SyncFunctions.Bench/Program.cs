using System.Globalization;
using System.Text.Json;
using SyncFunctions.Bench;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing.App;

// Usage: SyncFunctions.Bench <storage connection string> [--records N] [--device-records N] [--out file.json]
var connection = args.Length > 0 ? args[0] : throw new ArgumentException("The storage connection string is the first argument (scripts/bench.sh passes it).");
var records = Option("--records") is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 100_000;
var deviceRecords = Option("--device-records") is { } d ? long.Parse(d, CultureInfo.InvariantCulture) : 1_000_000;
var output = Option("--out") ?? "bench-results.json";

await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = records, Users = 1, Deals = 1 });
var figures = new List<Figure>();

var sample = upstream.Data.Snapshot(DemoResources.Contacts).First().ToJsonString();
var rawWrites = await Ceilings.RawTableWritesPerSecondAsync(connection, (int)Math.Min(records, 50_000), sample);
var upstreamReads = await Ceilings.UpstreamReadsPerSecondAsync(upstream.BaseUrl, records);
figures.Add(new("ceiling: raw Table writes (batches of 100, 8 in flight)", rawWrites, "entities/s", null, null));
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

var accounts = await ParallelAccounts.RunAsync(connection, records);
figures.Add(new(
    $"{accounts.Accounts} accounts of one environment ingesting at once, {accounts.Total / accounts.Accounts:N0} records each (one alone: {accounts.One.PerSecond:N0}/s)",
    accounts.Aggregate,
    "records/s",
    accounts.Speedup,
    $">= 3 x one account"));

// What Azurite can take at all: each record is two entity writes, so the aggregate cannot pass half the raw entity rate.
figures.Add(new($"{accounts.Accounts} accounts at once vs half the raw entity ceiling (at most {rawWrites / 2 / accounts.One.PerSecond:0.00} x one account)", accounts.Aggregate, "records/s", accounts.Aggregate / (rawWrites / 2), null));

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

Console.WriteLine();
Console.WriteLine($"| figure | value | unit | ratio | goal |");
Console.WriteLine($"|---|---:|---|---:|---|");
foreach (var f in figures)
{
    Console.WriteLine($"| {f.Name} | {f.Value:N1} | {f.Unit} | {(f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "")} | {f.Goal} |");
}

await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new
{
    machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
    records,
    device_records = deviceRecords,
    at = DateTimeOffset.UtcNow,
    figures,
}, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
Console.WriteLine($"written {output}");

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

internal sealed record Figure(string Name, double Value, string Unit, double? Ratio, string? Goal);
