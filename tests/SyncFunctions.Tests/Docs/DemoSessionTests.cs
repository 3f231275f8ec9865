using System.Text.Json;
using System.Text.RegularExpressions;
using SyncFunctions.Core.Demo;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Build;
using Xunit.Abstractions;

namespace SyncFunctions.Tests.Docs;

/// <summary>
/// The two ways in with the seeded demo key: README's demo session and the first steps <c>run-local.sh</c> prints once
/// the host answers (<c>sf_first_steps</c> in scripts/lib.sh). <c>func</c> does not run here, so both run with curl
/// against the function classes on loopback HTTP, on a hub seeded as the worker seeds it with the sample's key.
/// The scripts pass shellcheck.
/// </summary>
public sealed partial class DemoSessionTests(AzuriteFixture azurite, ITestOutputHelper log) : IClassFixture<AzuriteFixture>
{
    private const string SampleSettings = "local.settings.sample.json";

    private static string DemoKey
    {
        get
        {
            using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, SampleSettings)));
            return sample.RootElement.GetProperty("Values").GetProperty("SyncFunctions__DemoApiKey").GetString()!;
        }
    }

    public static TheoryData<string> Scripts() => new(
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "scripts"), "*.sh").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task The_script_passes_shellcheck(string script)
    {
        var (code, output) = await RepositoryProcess.RunAsync("shellcheck", ["-x", Path.Combine("scripts", script)], [], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task The_first_steps_name_the_status_page_and_the_demo_key_of_local_settings()
    {
        var (code, output) = await FirstStepsAsync("http://localhost:7071/api", $"\"$(sf_setting {SampleSettings} SyncFunctions__DemoApiKey)\"");

        Assert.True(code == 0, output);
        Assert.Contains("Status page: http://localhost:7071/api/dashboard", output);
        Assert.Contains($"KEY='{DemoKey}'", output);
        Assert.Contains("curl -s http://localhost:7071/api/sync-job -H \"Authorization: Bearer $KEY\"", output);
        Assert.Contains("http://localhost:7071/api/records?resource=crm/contacts", output);

        // run-local.sh prints them with the key it reads from local.settings.json, once the host answers.
        var runLocal = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "scripts", "run-local.sh"));
        Assert.Contains("demo_key=\"$(sf_setting \"$settings\" SyncFunctions__DemoApiKey)\"", runLocal);
        Assert.Contains("sf_first_steps \"$api\" \"$demo_key\"", runLocal);
    }

    [Fact]
    public async Task Without_a_demo_key_the_first_steps_name_only_the_status_page()
    {
        var (code, output) = await FirstStepsAsync("http://localhost:7071/api", "\"$(sf_setting /nonexistent/local.settings.json SyncFunctions__DemoApiKey)\"");

        Assert.True(code == 0, output);
        Assert.Contains("Status page: http://localhost:7071/api/dashboard", output);
        Assert.DoesNotContain("KEY=", output);
        Assert.DoesNotContain("curl", output);
    }

    [Fact]
    public async Task The_printed_first_steps_run_against_the_seeded_hub()
    {
        await using var hub = await SeededHubAsync();
        var (code, printed) = await FirstStepsAsync(hub.Api, $"'{DemoKey}'");
        Assert.True(code == 0, printed);

        // The indented lines are the commands to paste.
        var commands = string.Join('\n', printed.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()));
        Assert.True(commands.Split('\n').Length >= 5, printed);
        var (ran, output) = await RepositoryProcess.RunAsync("bash", ["-euo", "pipefail", "-c", commands], [], TimeSpan.FromMinutes(1));
        log.WriteLine(output);
        Assert.True(ran == 0, output);

        var run = JsonDocument.Parse(output.Split('\n')[0]).RootElement;
        Assert.Equal("created", run.GetProperty("status").GetString());
        Assert.Matches(@"^\[.*\]$", output.Split('\n')[1]);
        await hub.WaitForRunAsync(run.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task The_readme_demo_session_runs_against_the_seeded_hub()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("\n## A demo session", StringComparison.Ordinal)..];
        var block = BashBlock().Match(section).Groups["body"].Value;
        Assert.Contains("BASE=http://localhost:7071/api\n", block);
        Assert.Contains("src/SyncFunctions/local.settings.json", block);

        await using var hub = await SeededHubAsync();
        // run-local.sh makes local.settings.json from the sample; the host listens elsewhere here.
        var script = block.Replace("BASE=http://localhost:7071/api\n", $"BASE={hub.Api}\n", StringComparison.Ordinal)
            .Replace("src/SyncFunctions/local.settings.json", SampleSettings, StringComparison.Ordinal);
        var (code, output) = await RepositoryProcess.RunAsync("bash", ["-euo", "pipefail", "-c", script], [], TimeSpan.FromMinutes(1));
        log.WriteLine(output);
        Assert.True(code == 0, output);

        Assert.Matches("\"status\": \"(created|running|completed)\"", output);
        Assert.Contains("\"resource_stats\":", output);
        Assert.Contains("{\"data\":[", output);
        Assert.DoesNotContain("\"code\":", output);

        foreach (var id in await hub.RunIdsAsync())
        {
            await hub.WaitForRunAsync(id);
        }
    }

    /// <summary>A durable hub on loopback HTTP, seeded as the worker seeds it at start, against a demo upstream.</summary>
    private async Task<SeededHub> SeededHubAsync()
    {
        var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Users = 2, Contacts = 4, Deals = 2 });
        var app = await TestApp.StartAsync(azurite.ConnectionString, durable: true,
            settings: new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" });
        await app.Get<DemoSeeder>().SeedAsync(new DemoSeedOptions(upstream.BaseUrl, DemoKey), default);
        var host = await FunctionHttpHost.StartAsync(app);
        return new SeededHub(upstream, app, host);
    }

    private static Task<(int Code, string Output)> FirstStepsAsync(string api, string keyExpression) =>
        RepositoryProcess.RunAsync("bash", ["-c", $"source scripts/lib.sh && sf_first_steps '{api}' {keyExpression}"], [], TimeSpan.FromMinutes(1));

    private sealed class SeededHub(DemoUpstreamServer upstream, TestApp app, FunctionHttpHost host) : IAsyncDisposable
    {
        public string Api => host.Url("api").ToString().TrimEnd('/');

        public async Task WaitForRunAsync(string id)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await app.DurableClient.WaitForInstanceCompletionAsync(id, timeout.Token);
        }

        public async Task<List<string>> RunIdsAsync()
        {
            using var client = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("api/sync-job-run"));
            request.Headers.Authorization = new("Bearer", DemoKey);
            using var response = await client.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        }

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await app.DisposeAsync();
            await upstream.DisposeAsync();
        }
    }

    [GeneratedRegex(@"```bash\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
