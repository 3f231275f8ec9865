using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.FSharp.Core;
using SyncFunctions.Http;
using SyncFunctions.Testing;
using SyncFunctions.Tests.Http;
using Xunit.Abstractions;

namespace SyncFunctions.Tests.Fuzz;

/// <summary>
/// Property: whatever arrives at whichever route of <see cref="ApiRoutes.All"/> — bent bodies, junk ids, tampered
/// cursors, odd headers — the answer is no 5xx, every 4xx is problem+json with a code and its status, and no answer
/// shows internals or a secret. Fixed seed and 10,000 cases by default; SYNCFUNCTIONS_FUZZ_CASES and
/// SYNCFUNCTIONS_FUZZ_SEED choose others (a long run: SYNCFUNCTIONS_FUZZ_CASES=200000 SYNCFUNCTIONS_FUZZ_SEED=$RANDOM).
/// </summary>
public sealed class ApiFuzzTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    public const string CasesVariable = "SYNCFUNCTIONS_FUZZ_CASES";
    public const string SeedVariable = "SYNCFUNCTIONS_FUZZ_SEED";
    private const int DefaultCases = 10_000;
    private const ulong DefaultSeed = 20_251_111;
    private const int ReportedFailures = 15;

    private readonly ErrorLog _errors = new();
    private ApiWorld _world = null!;
    private FuzzPools _pools = null!;

    public async Task InitializeAsync()
    {
        _world = await ApiWorld.StartAsync(azurite, services => services.AddSingleton<ILoggerProvider>(_errors));
        _pools = await FuzzPools.SeedAsync(_world);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static ulong Seed() =>
        ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : DefaultSeed;

    [Fact]
    public void Every_route_survives_fuzzed_requests()
    {
        var cases = Setting(CasesVariable, DefaultCases);
        var seed = Seed();
        // One example per route and kind of problem, with how often it happened.
        var failures = new ConcurrentDictionary<string, (string Example, int Count)>(StringComparer.Ordinal);
        var perRoute = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var milliseconds = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var sent = 0;
        var clock = Stopwatch.StartNew();

        // Two requests in flight per core keep Azurite busy without starving the in-process Durable host.
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), null)))
            .WithParallelRunConfig(FSharpOption<ParallelRunConfig>.Some(new ParallelRunConfig(Environment.ProcessorCount * 2)));
        Prop.ForAll(new FuzzGen(_pools).Cases().ToArbitrary(), fuzz =>
        {
            var started = Stopwatch.GetTimestamp();
            var problems = SendAsync(fuzz).GetAwaiter().GetResult();
            milliseconds.AddOrUpdate(fuzz.Route.FunctionName, _ => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, (_, t) => t + (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Increment(ref sent);
            perRoute.AddOrUpdate(fuzz.Route.FunctionName, 1, (_, n) => n + 1);
            if (problems is { } found)
            {
                failures.AddOrUpdate($"{fuzz.Route.FunctionName}: {found.Summary}", _ => (found.Report, 1), (_, f) => (f.Example, f.Count + 1));
            }
        }).Check(config);

        output.WriteLine($"{sent} fuzzed requests (seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s over {perRoute.Count} routes; the slowest:");
        foreach (var (route, ms) in milliseconds.OrderByDescending(m => m.Value).Take(8))
        {
            output.WriteLine($"  {route}: {perRoute[route]} requests, {ms} ms");
        }
        Assert.True(failures.IsEmpty, $"Fuzz (seed {seed}, {sent} requests) found {failures.Sum(f => f.Value.Count)} bad answers:\n\n"
            + string.Join("\n\n", failures.OrderBy(f => f.Key, StringComparer.Ordinal).Take(ReportedFailures).Select(f => $"[{f.Value.Count}×] {f.Key}\n{f.Value.Example}"))
            + "\n\nApp errors logged:\n" + string.Join("\n---\n", _errors.Errors.Take(5)));
        Assert.Equal(ApiRoutes.All.Select(r => r.FunctionName).Order(), perRoute.Keys.Order());
        Assert.True(sent >= cases, $"{sent} of {cases} cases ran");
    }

    private async Task<(string Summary, string Report)?> SendAsync(FuzzCase fuzz)
    {
        var secrets = _world.SecretsNow();
        var response = await _world.Calls.SendAsync(fuzz.Route, fuzz.ToRequest(), fuzz.Id);
        if (response.Status == 201 && (fuzz.Route == ApiRoutes.CreateApiKey || fuzz.Route == ApiRoutes.CreateWebhook))
        {
            _world.Issued(response.Str(fuzz.Route == ApiRoutes.CreateApiKey ? "key" : "secret")!);
        }

        var problems = FuzzOracle.Check(fuzz, response, secrets);
        return problems.Count == 0 ? null
            : (string.Join("; ", problems), $"{fuzz}\n→ {response.Status} {response.ContentType}\n  {FuzzBody.Shorten(Redact(response.Body, secrets), 600)}");
    }

    // A report may quote an answer that leaked a secret; the report itself must not spread it.
    private static string Redact(string text, IEnumerable<string> secrets) =>
        secrets.Aggregate(text, (t, s) => t.Replace(s, "«secret»", StringComparison.Ordinal));
}
