using System.Globalization;
using System.Text.Json;
using SyncFunctions.Bench;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing.App;

// Usage: SyncFunctions.Bench <storage connection string> [--records N] [--out file.json]
var connection = args.Length > 0 ? args[0] : throw new ArgumentException("The storage connection string is the first argument (scripts/bench.sh passes it).");
var records = Option("--records") is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 100_000;
var output = Option("--out") ?? "bench-results.json";

await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = records, Users = 1, Deals = 1 });
var figures = new List<Figure>();

var sample = upstream.Data.Snapshot(DemoResources.Contacts).First().ToJsonString();
var rawWrites = await Ceilings.RawTableWritesPerSecondAsync(connection, (int)Math.Min(records, 50_000), sample);
var upstreamReads = await Ceilings.UpstreamReadsPerSecondAsync(upstream.BaseUrl, records);
figures.Add(new("ceiling: raw Table writes (batches of 100, 8 in flight)", rawWrites, "entities/s", null, null));
figures.Add(new("ceiling: reading the upstream alone", upstreamReads, "records/s", null, null));

var settings = new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" };
IngestResult small, large;
await using (var app = await TestApp.StartAsync(connection, settings: settings))
{
    await using var tenth = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = records / 10, Users = 1, Deals = 1 });
    (small, _) = await EngineIngest.RunAsync(app, tenth.BaseUrl);
}

await using (var app = await TestApp.StartAsync(connection, settings: settings))
{
    (large, _) = await EngineIngest.RunAsync(app, upstream.BaseUrl);
}

var ceiling = Math.Min(rawWrites, upstreamReads);
figures.Add(new($"ingest engine without Durable ({large.Records:N0} records)", large.PerSecond, "records/s", large.PerSecond / ceiling, ">= 0.70 of the lower ceiling"));
figures.Add(new("per-page latency: last tenth / second tenth of pages", large.PageCurve, "x", large.PageCurve, "<= 1.5"));
var memory = (double)large.PeakManagedBytes / small.PeakManagedBytes;
figures.Add(new($"peak managed memory: {large.Records:N0} vs {small.Records:N0} records", large.PeakManagedBytes / 1048576.0, "MiB", memory, "<= 1.2"));

var durable = await DurableRoundTrips.RunAsync(connection, 10_000);
var perTenThousand = (durable.Episodes + durable.Activities) * 10_000.0 / durable.Records;
figures.Add(new($"Durable round trips per 10,000 records ({durable.Activities} activities, {durable.Episodes} orchestration episodes)", perTenThousand, "round trips", perTenThousand, "<= 10"));

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
    at = DateTimeOffset.UtcNow,
    figures,
}, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
Console.WriteLine($"written {output}");

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

internal sealed record Figure(string Name, double Value, string Unit, double? Ratio, string? Goal);
