using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Definitions;
using SyncFunctions.Docs;
using SyncFunctions.Http;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Docs;

/// <summary>
/// The status page in a real headless Chromium, served with the rest of the API by the function classes
/// on a loopback Kestrel host, reading a store seeded with a running, a failed and a completed run.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DashboardBrowserTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Is_served_anonymously_as_html_with_a_policy_that_pins_its_one_script()
    {
        var response = await TestRequest.Get(ApiRoutes.Dashboard.Path).SendAsync(fixture.App.Function<DocsFunctions>().Dashboard);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/html", response.ContentType);
        var policy = response.Headers["Content-Security-Policy"].ToString();
        Assert.Contains("script-src 'sha256-", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("no-store", response.Headers["Cache-Control"].ToString());
        Assert.DoesNotContain("localStorage.setItem", response.Body);
    }

    [Fact]
    public async Task Renders_the_seeded_runs_a_progress_bar_for_the_running_one_and_the_failed_ones_errors()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: the dashboard test needs Debian's chromium package.");
        var browserScript = Path.Combine(RepositoryPaths.Root, "tests", "SyncFunctions.Tests", "Docs", "dashboard-browser.mjs");
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "node_modules", "playwright-core", "package.json")), "Run npm ci (scripts/test.sh does).");

        var app = fixture.App;
        var admin = new AdminClient(app);
        var env = await admin.NewEnvironmentAsync();
        var (_, key) = await admin.NewKeyAsync(env, Scopes.Runs, Scopes.SyncJobs, Scopes.Integrations, Scopes.Status);
        var (_, otherKey) = await admin.NewKeyAsync(await admin.NewEnvironmentAsync("other"), Scopes.Runs);

        // A real integration, account and job for two of the runs, so the page has names to show; the failed run's
        // job and account do not exist, and it shows their ids.
        var put = await TestRequest.Put("integrations/crm").Bearer(key).Json(new
        {
            base_url = "https://crm.example.com/api",
            resources = new Dictionary<string, object> { ["crm/contacts"] = new { list = new { path = "/contacts" } } },
        }).SendAsync(r => app.Function<IntegrationFunctions>().Put(r, "crm"));
        Assert.True(put.Status == 201, put.ToString());
        var account = await TestRequest.Post("integrated-accounts").Bearer(key).Json(new { integration_name = "crm", name = "Acme CRM" })
            .SendAsync(app.Function<AccountFunctions>().Create);
        var job = await TestRequest.Post("sync-job").Bearer(key).Json(new { integration_name = "crm", resources = new[] { new { resource = "crm/contacts", method = "list" } } })
            .SendAsync(app.Function<SyncJobFunctions>().Create);
        Assert.True(account.Status == 201 && job.Status == 201, account + "\n" + job);
        var (jobId, accountId) = (job.Str("id")!, account.Str("id")!);

        var running = Run(env, RunStatus.Running, jobId, accountId) with
        {
            ResourceStats = Stats(fetched: 40, persisted: 30),
            CurrentStep = "Running Sync",
            Counters = new RunCounters(SourceRecordCount: 40, RecordsProcessed: 30, RecordsUpdated: 30),
        };
        var failed = Run(env, RunStatus.Failed, "job-b", "account-1") with
        {
            ResourceStats = Stats(fetched: 10, persisted: 8),
            Counters = new RunCounters(SourceRecordCount: 10, RecordsProcessed: 8, RecordsUpdated: 8, RecordsFailed: 2),
            ErrorCode = "upstream_error",
            ErrorMessage = "The upstream answered 500.",
        };
        var completed = Run(env, RunStatus.Completed, jobId, accountId) with
        {
            ResourceStats = Stats(fetched: 5, persisted: 5),
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-3),
        };
        var foreign = Run("someone-else", RunStatus.Running, "job-x", "account-1");
        var store = app.Get<IRunStore>();
        foreach (var run in new[] { running, failed, completed, foreign })
        {
            await store.CreateAsync(run, CancellationToken.None);
        }

        await app.Get<IRunErrorStore>().AddAsync(env, failed.Id,
        [
            new RunErrorEntry("000.000000.-.000000000.000000", RunErrorTypes.Record, "crm/contacts", "list", 0, 0, null, "contact-17",
                "invalid_record", "email is not a string", null, null, DateTimeOffset.UtcNow),
        ], CancellationToken.None);

        await using var host = await FunctionHttpHost.StartAsync(app);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var seen = await RunBrowserAsync(browserScript, host.Url("api/" + ApiRoutes.Dashboard.Path), key, screenshot, running.Id, failed.Id);

        Assert.Equal(200, seen.GetProperty("status").GetInt32());
        Assert.Contains("script-src 'sha256-", seen.GetProperty("csp").GetString());
        Assert.Empty(seen.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, seen.GetProperty("rowsBeforeKey").GetInt32());

        var rows = seen.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(new[] { completed.Id, failed.Id, running.Id }.Order(), rows.Keys.Order());
        Assert.DoesNotContain(foreign.Id, rows.Keys);

        var bar = rows[running.Id].GetProperty("progress");
        Assert.Equal(30, bar.GetProperty("value").GetDouble());
        Assert.Equal(40, bar.GetProperty("max").GetDouble());
        var runningCells = rows[running.Id].GetProperty("cells").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("running", runningCells);
        Assert.Contains("Running Sync", runningCells);
        Assert.Equal(JsonValueKind.Null, rows[completed.Id].GetProperty("progress").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[failed.Id].GetProperty("progress").ValueKind);

        var failedCells = rows[failed.Id].GetProperty("cells").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("failed", failedCells);
        Assert.Contains("upstream_error: The upstream answered 500.", failedCells);
        Assert.Contains("2", failedCells);

        var errors = seen.GetProperty("errors").GetString()!;
        Assert.Contains("contact-17", errors);
        Assert.Contains("invalid_record", errors);
        Assert.Contains("email is not a string", errors);

        // Names from the list routes instead of ids; an id nothing names stays an id.
        Assert.Contains("crm: crm/contacts list", runningCells[1]);
        Assert.Equal("crm", runningCells[2]);
        Assert.Contains("Acme CRM", runningCells[3]);
        Assert.StartsWith("job-b", failedCells[1]);
        Assert.StartsWith("account-1", failedCells[3]);

        // Ids shortened to their last eight characters (a UUIDv7 starts with its timestamp) and kept on one line;
        // clicking one copies the whole id.
        Assert.Equal("\u2026" + running.Id[^8..], rows[running.Id].GetProperty("idText").GetString());
        Assert.All(rows.Values, r => Assert.True(r.GetProperty("idLines").GetDouble() < 1.5, $"the run id wraps onto {r.GetProperty("idLines")} lines"));
        var copy = seen.GetProperty("copy");
        Assert.Equal(running.Id, copy.GetProperty("clipboard").GetString());
        Assert.Equal("copied", copy.GetProperty("cue").GetString());

        // Times relative to now, the exact time on hover.
        var created = rows[completed.Id].GetProperty("times").EnumerateArray().Single();
        Assert.Equal("3 min ago", created.GetProperty("text").GetString());
        var exact = DateTimeOffset.Parse(created.GetProperty("title").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(exact - completed.CreatedAt, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        Assert.Equal(created.GetProperty("title").GetString(), created.GetProperty("datetime").GetString());

        // Routes this hub may not have yet degrade to a note, not a failure.
        Assert.DoesNotContain("Not loaded.", seen.GetProperty("connections").GetString());
        Assert.Contains("Job crm: crm/contacts list (\u2026" + jobId[^8..] + ")", seen.GetProperty("jobStatus").GetString());
        Assert.Contains("Job job-b", seen.GetProperty("jobStatus").GetString());

        Assert.True(seen.GetProperty("keyInSession").GetBoolean());
        Assert.Equal("", seen.GetProperty("keyInput").GetString());
        Assert.Equal(0, seen.GetProperty("localStorageItems").GetInt32());

        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 1000, "the screenshot is empty");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        // A key from another environment sees none of these runs.
        var other = await RunBrowserAsync(browserScript, host.Url("api/" + ApiRoutes.Dashboard.Path), otherKey, Path.Combine(Path.GetDirectoryName(screenshot)!, "dashboard-other-environment.png"), null, null);
        Assert.Empty(other.GetProperty("rows").EnumerateArray());
        Assert.Empty(other.GetProperty("problems").EnumerateArray());

        // Braze's and ActiveCampaign's bodies (shapes from the seeds), as the hub answers them once those routes are in.
        var views = await RunBrowserAsync(browserScript, host.Url("api/" + ApiRoutes.Dashboard.Path), key, Path.Combine(Path.GetDirectoryName(screenshot)!, "dashboard-status-views.png"), running.Id, failed.Id, new Dictionary<string, string>
        {
            ["DASHBOARD_STUB_JOB_STATUS"] = """
                {"results":[{"job_status":"partial","sync_start_time":"2026-01-01T00:00:00Z","sync_finish_time":"2026-01-01T00:01:00Z",
                  "last_timestamp_synced":"2026-01-01T00:00:30Z","rows_synced":8,"rows_failed_with_errors":2}],"message":"success"}
                """,
            ["DASHBOARD_STUB_CONNECTIONS"] = """
                {"connections":[{"id":"account-1","service":"demo","externalid":"acme-crm","name":"Acme","status":1,"syncStatus":1,
                  "lastSync":"2026-01-01T00:01:00Z","cdate":"2026-01-01T00:00:00Z","udate":"2026-01-01T00:01:00Z"}],"meta":{"total":"1"}}
                """,
            ["DASHBOARD_RUN_AGAIN"] = completed.Id,
        });
        var jobStatus = views.GetProperty("jobStatus").GetString()!;
        Assert.Contains("job_status", jobStatus);
        Assert.Contains("partial", jobStatus);
        Assert.Contains("rows_failed_with_errors", jobStatus);
        var connections = views.GetProperty("connections").GetString()!;
        Assert.Contains("syncStatus", connections);
        Assert.Contains("acme-crm", connections);
        Assert.Empty(views.GetProperty("problems").EnumerateArray());

        // "Run again" on the finished runs only: a manual run of the same job and account, with the pasted key.
        var again = views.GetProperty("runAgain");
        Assert.Equal(2, again.GetProperty("buttons").GetInt32());
        var posted = again.GetProperty("posted");
        Assert.Equal("manual", posted.GetProperty("headers").GetProperty("x-syncfunctions-trigger").GetString());
        Assert.Equal("Bearer " + key, posted.GetProperty("headers").GetProperty("authorization").GetString());
        var body = JsonDocument.Parse(posted.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(completed.SyncJobId, body.GetProperty("sync_job_id").GetString());
        Assert.Equal(completed.IntegratedAccountId, body.GetProperty("integrated_account_id").GetString());
        Assert.Contains("Started run run-again-1 (queued)", again.GetProperty("action").GetString());
    }

    private static async Task<JsonElement> RunBrowserAsync(
        string script, Uri page, string key, string screenshot, string? runningId, string? failedId, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("node", [script, page.ToString(), screenshot])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DASHBOARD_RUNNING_RUN"] = runningId ?? "";
        start.Environment["DASHBOARD_FAILED_RUN"] = failedId ?? "";
        start.Environment["CHROMIUM_PATH"] = Chromium;
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var node = Process.Start(start)!;
        await node.StandardInput.WriteLineAsync(key);
        node.StandardInput.Close();
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(limit.Token);
        Assert.True(node.ExitCode == 0, $"the browser script failed ({node.ExitCode}):\n{await stderr}");
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }

    private static SyncJobRun Run(string env, RunStatus status, string jobId, string accountId) => new()
    {
        Id = Guid.NewGuid().ToString(),
        EnvironmentId = env,
        SyncJobId = jobId,
        IntegratedAccountId = accountId,
        Args = new JsonObject(),
        Resources = [new SyncJobResource { Resource = "crm/contacts", Method = "list" }],
        Status = status,
        ErrorHandling = ErrorHandlingModes.Ignore,
        Trigger = "api",
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, MethodStats>> Stats(long fetched, long persisted) =>
        new Dictionary<string, IReadOnlyDictionary<string, MethodStats>>
        {
            ["crm/contacts"] = new Dictionary<string, MethodStats> { ["list"] = new(fetched, persisted) },
        };
}
