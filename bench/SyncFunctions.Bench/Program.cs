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

await using (var app = await TestApp.StartAsync(connection, settings: new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" }))
{
    var ingest = await EngineIngest.RunAsync(app, upstream.BaseUrl);
    var ceiling = Math.Min(rawWrites, upstreamReads);
    figures.Add(new($"ingest engine without Durable ({ingest.Records:N0} records)", ingest.PerSecond, "records/s", ingest.PerSecond / ceiling, ">= 0.70 of the lower ceiling"));
    figures.Add(new("per-page latency: last tenth / first tenth of pages", ingest.PageCurve, "x", ingest.PageCurve, "<= 1.5"));
}

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
