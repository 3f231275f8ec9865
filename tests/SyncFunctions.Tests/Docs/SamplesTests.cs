using System.Text.RegularExpressions;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Build;
using Xunit.Abstractions;

namespace SyncFunctions.Tests.Docs;

/// <summary>
/// samples/ must not rot: every request in them is a route of the table, and the curl walkthrough runs
/// end to end against the function classes on loopback HTTP, with Durable and the demo upstream.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class SamplesTests(AzuriteFixture azurite, ITestOutputHelper log) : IClassFixture<AzuriteFixture>
{
    private static string Samples => Path.Combine(RepositoryPaths.Root, "samples");

    private static string Walkthrough => Path.Combine(Samples, "walkthrough.sh");

    public static TheoryData<string> SampleFiles() => ["syncfunctions.http", "walkthrough.sh"];

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_request_in_the_samples_is_a_route_of_the_table(string file)
    {
        var requests = Requests(file);

        Assert.True(requests.Count >= 15, $"{file}: only {requests.Count} requests found; has the format changed?");
        var unknown = requests.Where(r => DocumentedRoutes.Match(r.Method, r.Path) is null).ToList();
        Assert.True(unknown.Count == 0, $"{file}: requests matching no route: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void The_samples_walk_the_whole_product(string file)
    {
        var used = Requests(file).Select(r => DocumentedRoutes.Match(r.Method, r.Path)?.FunctionName).OfType<string>().ToHashSet();

        string[] walk =
        [
            nameof(ApiRoutes.Health), nameof(ApiRoutes.CreateEnvironment), nameof(ApiRoutes.CreateApiKey), nameof(ApiRoutes.PutIntegration),
            nameof(ApiRoutes.CreateIntegratedAccount), nameof(ApiRoutes.CreateSyncJob), nameof(ApiRoutes.CreateSyncJobRun), nameof(ApiRoutes.GetSyncJobRun),
            nameof(ApiRoutes.ListSyncJobRunErrors), nameof(ApiRoutes.ListSyncJobRuns), nameof(ApiRoutes.ListRecords),
            nameof(ApiRoutes.StartDeviceSync), nameof(ApiRoutes.GetDeviceSyncQueue), nameof(ApiRoutes.AckDeviceSync),
            nameof(ApiRoutes.ListJobSyncStatus), nameof(ApiRoutes.ListConnections),
            nameof(ApiRoutes.CreateSyncJobCronTrigger), nameof(ApiRoutes.GetSyncJobCronTrigger), nameof(ApiRoutes.DeleteSyncJobCronTrigger),
        ];
        Assert.Empty(walk.Except(used));
        var text = File.ReadAllText(Path.Combine(Samples, file));
        Assert.Contains("\"loop_on\"", text);
        Assert.Contains("\"depends_on\"", text);
    }

    [Fact]
    public async Task The_walkthrough_passes_shellcheck()
    {
        var (code, output) = await RepositoryProcess.RunAsync("shellcheck", [Walkthrough], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task The_curl_walkthrough_runs_end_to_end_against_the_hub_and_the_demo_upstream()
    {
        await using var upstream = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 6, Users = 3, Deals = 2 });
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, durable: true,
            settings: new Dictionary<string, string?> { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" });
        await using var hub = await FunctionHttpHost.StartAsync(app);

        var (code, output) = await RepositoryProcess.RunAsync("bash", [Walkthrough], new Dictionary<string, string>
        {
            ["SYNCFUNCTIONS_URL"] = hub.Url("api").ToString().TrimEnd('/'),
            ["DEMO_UPSTREAM_URL"] = upstream.BaseUrl.ToString().TrimEnd('/'),
            ["SYNCFUNCTIONS_ADMIN_KEY"] = app.AdminKey,
            ["RUN_TIMEOUT"] = "120",
        }, TimeSpan.FromMinutes(3));

        log.WriteLine(output);
        Assert.True(code == 0, output);
        Assert.Contains("== done", output);
        Assert.Contains("\"status\": \"completed\"", output);
        Assert.Matches(@"received [1-9][0-9]* items", output);
        Assert.Contains("{\"data\":{\"accepted\":", output);
        Assert.Contains("\"census_status\": \"completed\"", output);
        Assert.Matches("\"job_status\":\"success\"", output);
        Assert.Matches("\"syncStatus\":0", output);
        Assert.Contains("\"next_run_at\":", output);
        Assert.DoesNotContain(app.AdminKey, output);
        Assert.DoesNotContain("sfk_", output);

        // Every upstream resource of the job was called: contacts, each contact's notes, the looped users.
        Assert.Contains(upstream.Requests, r => r.Path == "/page/contacts");
        Assert.Contains(upstream.Requests, r => r.Path == "/page/contacts/6/notes");
        Assert.Equal(3, upstream.Requests.Count(r => r.Path.StartsWith("/page/users/", StringComparison.Ordinal)));

        // The unified section: one query, answered from the flat and the HubSpot-shaped contacts alike.
        Assert.Contains(upstream.Requests, r => r.Path == "/hubspot/crm/v3/objects/contacts");
        Assert.Matches("\"remote_data\":\\{\"id\":\"[0-9]+\",\"properties\"", output);
        Assert.Matches("\"remote_data\":\\{[^}]*\"first_name\"", output);
    }

    private static List<(string Method, string Path)> Requests(string file)
    {
        var text = File.ReadAllText(Path.Combine(Samples, file));
        var pattern = file.EndsWith(".http", StringComparison.Ordinal) ? HttpFileRequest() : ScriptRequest();
        return pattern.Matches(text).Select(m => (m.Groups["method"].Value, Normalize(m.Groups["path"].Value))).ToList();
    }

    /// <summary>Drops the query; variables (<c>$X</c>, <c>${X}</c>, <c>{{x.y}}</c>) become one opaque segment each.</summary>
    private static string Normalize(string path) => Variable().Replace(path.Split('?')[0], "VAR").Trim('/');

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|DELETE) \{\{base\}\}/(?<path>\S+)", RegexOptions.Multiline)]
    private static partial Regex HttpFileRequest();

    [GeneratedRegex(@"\bapi(?:_optional)? (?<method>GET|POST|PUT|PATCH|DELETE) ""(?<path>[^""]+)""")]
    private static partial Regex ScriptRequest();

    [GeneratedRegex(@"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{[^}]+\}\}")]
    private static partial Regex Variable();
}
