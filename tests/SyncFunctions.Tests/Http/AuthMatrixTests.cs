using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SyncFunctions.Http;
using SyncFunctions.Http.Admin;
using SyncFunctions.Core.Security;
using SyncFunctions.Http.Definitions;
using SyncFunctions.Http.DeviceSync;
using SyncFunctions.Http.Records;
using SyncFunctions.Http.Runs;
using SyncFunctions.Http.Schedules;
using SyncFunctions.Http.Webhooks;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;

namespace SyncFunctions.Tests.Http;

/// <summary>401 / 403 / 404 on every authenticated route; the health route stays anonymous.</summary>
public sealed class AuthMatrixTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Placeholder = "00000000-0000-0000-0000-000000000000";
    private readonly AdminClient _admin = new(fixture.App);

    /// <summary>How to call each authenticated function; a route missing here fails <see cref="Every_authenticated_route_is_covered"/>.</summary>
    private static readonly Dictionary<string, Func<TestApp, HttpRequest, Task<IActionResult>>> Calls = new()
    {
        [ApiRoutes.Names.CreateEnvironment] = (app, r) => app.Function<EnvironmentFunctions>().Create(r),
        [ApiRoutes.Names.ListEnvironments] = (app, r) => app.Function<EnvironmentFunctions>().List(r),
        [ApiRoutes.Names.GetEnvironment] = (app, r) => app.Function<EnvironmentFunctions>().Get(r, Placeholder),
        [ApiRoutes.Names.CreateApiKey] = (app, r) => app.Function<ApiKeyFunctions>().Create(r),
        [ApiRoutes.Names.ListApiKeys] = (app, r) => app.Function<ApiKeyFunctions>().List(r),
        [ApiRoutes.Names.GetApiKey] = (app, r) => app.Function<ApiKeyFunctions>().Get(r, Placeholder),
        [ApiRoutes.Names.DeleteApiKey] = (app, r) => app.Function<ApiKeyFunctions>().Delete(r, Placeholder),
        // Refused before the Durable client is touched.
        [ApiRoutes.Names.SelfTest] = (app, r) => app.Function<SelfTestFunction>().Run(r, null!),
        [ApiRoutes.Names.PutIntegration] = (app, r) => app.Function<IntegrationFunctions>().Put(r, "crm"),
        [ApiRoutes.Names.GetIntegration] = (app, r) => app.Function<IntegrationFunctions>().Get(r, "crm"),
        [ApiRoutes.Names.DeleteIntegration] = (app, r) => app.Function<IntegrationFunctions>().Delete(r, "crm"),
        [ApiRoutes.Names.ListIntegrations] = (app, r) => app.Function<IntegrationFunctions>().List(r),
        [ApiRoutes.Names.CreateAccount] = (app, r) => app.Function<AccountFunctions>().Create(r),
        [ApiRoutes.Names.ListAccounts] = (app, r) => app.Function<AccountFunctions>().List(r),
        [ApiRoutes.Names.GetAccount] = (app, r) => app.Function<AccountFunctions>().Get(r, Placeholder),
        [ApiRoutes.Names.UpdateAccount] = (app, r) => app.Function<AccountFunctions>().Update(r, Placeholder),
        [ApiRoutes.Names.DeleteAccount] = (app, r) => app.Function<AccountFunctions>().Delete(r, Placeholder),
        [ApiRoutes.Names.CreateSyncJob] = (app, r) => app.Function<SyncJobFunctions>().Create(r),
        [ApiRoutes.Names.ListSyncJobs] = (app, r) => app.Function<SyncJobFunctions>().List(r),
        [ApiRoutes.Names.GetSyncJob] = (app, r) => app.Function<SyncJobFunctions>().Get(r, Placeholder),
        [ApiRoutes.Names.UpdateSyncJob] = (app, r) => app.Function<SyncJobFunctions>().Update(r, Placeholder),
        [ApiRoutes.Names.DeleteSyncJob] = (app, r) => app.Function<SyncJobFunctions>().Delete(r, Placeholder),
        [ApiRoutes.Names.CreateRun] = (app, r) => app.Function<RunFunctions>().Create(r, null!),
        [ApiRoutes.Names.ListRuns] = (app, r) => app.Function<RunFunctions>().List(r),
        [ApiRoutes.Names.GetRun] = (app, r) => app.Function<RunFunctions>().Get(r, Placeholder),
        [ApiRoutes.Names.UpdateRun] = (app, r) => app.Function<RunFunctions>().Update(r, null!, Placeholder),
        [ApiRoutes.Names.DeleteRun] = (app, r) => app.Function<RunFunctions>().Delete(r, null!, Placeholder),
        [ApiRoutes.Names.ListRunErrors] = (app, r) => app.Function<RunErrorFunctions>().List(r, Placeholder),
        [ApiRoutes.Names.CancelRun] = (app, r) => app.Function<RunFunctions>().Cancel(r, null!, Placeholder),
        [ApiRoutes.Names.ListJobSyncStatus] = (app, r) => app.Function<SyncFunctions.Http.Status.JobSyncStatusFunction>().List(r, Placeholder),
        [ApiRoutes.Names.ListConnections] = (app, r) => app.Function<SyncFunctions.Http.Status.ConnectionFunctions>().List(r),
        [ApiRoutes.Names.GetConnection] = (app, r) => app.Function<SyncFunctions.Http.Status.ConnectionFunctions>().Get(r, Placeholder),
        [ApiRoutes.Names.RetryRun] = (app, r) => app.Function<RunRetryFunctions>().Retry(r, null!, Placeholder),
        [ApiRoutes.Names.CreateCronTrigger] = (app, r) => app.Function<CronTriggerFunctions>().Create(r),
        [ApiRoutes.Names.ListCronTriggers] = (app, r) => app.Function<CronTriggerFunctions>().List(r),
        [ApiRoutes.Names.GetCronTrigger] = (app, r) => app.Function<CronTriggerFunctions>().Get(r, Placeholder),
        [ApiRoutes.Names.UpdateCronTrigger] = (app, r) => app.Function<CronTriggerFunctions>().Update(r, Placeholder),
        [ApiRoutes.Names.DeleteCronTrigger] = (app, r) => app.Function<CronTriggerFunctions>().Delete(r, Placeholder),
        [ApiRoutes.Names.CreateWebhook] = (app, r) => app.Function<WebhookFunctions>().Create(r),
        [ApiRoutes.Names.ListWebhooks] = (app, r) => app.Function<WebhookFunctions>().List(r),
        [ApiRoutes.Names.GetWebhook] = (app, r) => app.Function<WebhookFunctions>().Get(r, Placeholder),
        [ApiRoutes.Names.DeleteWebhook] = (app, r) => app.Function<WebhookFunctions>().Delete(r, Placeholder),
        [ApiRoutes.Names.StartSync] = (app, r) => app.Function<DeviceSyncFunctions>().Start(r),
        [ApiRoutes.Names.GetSyncQueue] = (app, r) => app.Function<DeviceSyncFunctions>().Queue(r, Placeholder),
        [ApiRoutes.Names.AckSync] = (app, r) => app.Function<DeviceSyncFunctions>().Ack(r),
        [ApiRoutes.Names.ListRecords] = (app, r) => app.Function<RecordFunctions>().List(r),
    };

    public static TheoryData<string> AuthenticatedRoutes() =>
        new(ApiRoutes.All.Where(r => r.Scope is not null).Select(r => r.FunctionName));


    [Fact]
    public void Every_authenticated_route_is_covered()
    {
        Assert.Equal(
            ApiRoutes.All.Where(r => r.Scope is not null).Select(r => r.FunctionName).Order(),
            Calls.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(AuthenticatedRoutes))]
    public async Task Missing_malformed_or_unknown_keys_get_401_on(string route)
    {
        foreach (var header in new[] { null, "Basic dXNlcjpwYXNz", "Bearer ", "Bearer short-token", "Bearer sfk_" + new string('x', 60), "bearer " + new string('A', 64) })
        {
            var request = Request(route, "{\"name\":\"x\"}");
            if (header is not null)
            {
                request.Header("Authorization", header);
            }

            var response = await request.SendAsync(r => Calls[route](fixture.App, r));

            Assert.True(response.Status == 401, $"{route} with '{header}': {response}");
            Assert.Equal("unauthorized", response.Str("code"));
            Assert.StartsWith("application/problem+json", response.ContentType);
            Assert.StartsWith("Bearer", response.Header("WWW-Authenticate"));
        }
    }

    /// <summary>The strongest key that must still be refused: every scope but the route's own.</summary>
    private static string[] AllScopesExcept(string route) =>
        Scopes.All.Where(s => s != ApiRoutes.All.Single(r => r.FunctionName == route).Scope).ToArray();

    [Theory]
    [MemberData(nameof(AuthenticatedRoutes))]
    public void The_wrong_scope_key_lacks_only_the_routes_scope(string route)
    {
        var scope = ApiRoutes.All.Single(r => r.FunctionName == route).Scope!;
        Assert.Contains(scope, Scopes.All);
        Assert.Equal(Scopes.All.Where(s => s != scope).Order(), AllScopesExcept(route).Order());
    }

    [Theory]
    [MemberData(nameof(AuthenticatedRoutes))]
    public async Task A_key_without_the_route_scope_gets_403_on(string route)
    {
        var env = await _admin.NewEnvironmentAsync();
        var (_, token) = await _admin.NewKeyAsync(env, AllScopesExcept(route));

        var response = await Request(route, "{\"name\":\"x\"}").Bearer(token).SendAsync(r => Calls[route](fixture.App, r));

        Assert.True(response.Status == 403, $"{route}: {response}");
        Assert.Equal("insufficient_scope", response.Str("code"));
    }

    [Theory]
    [InlineData(ApiRoutes.Names.ListIntegrations)]
    [InlineData(ApiRoutes.Names.CreateAccount)]
    [InlineData(ApiRoutes.Names.CreateSyncJob)]
    public async Task The_root_key_cannot_use_tenant_routes(string route)
    {
        // The root key holds only the admin scope and belongs to no environment.
        var response = await Request(route, "{}").Bearer(fixture.App.AdminKey).SendAsync(r => Calls[route](fixture.App, r));

        Assert.Equal(403, response.Status);
        Assert.Equal("insufficient_scope", response.Str("code"));
    }

    [Fact]
    public async Task Only_the_root_key_creates_environments()
    {
        var env = await _admin.NewEnvironmentAsync();
        var (_, token) = await _admin.NewKeyAsync(env, "admin");

        var response = await _admin.CreateEnvironmentAsync(token, new { name = "mine now" });

        Assert.Equal(403, response.Status);
        Assert.Equal("root_admin_required", response.Str("code"));
    }

    [Fact]
    public async Task Another_environments_resources_are_404_to_a_tenant_admin()
    {
        var envA = await _admin.NewEnvironmentAsync("a");
        var envB = await _admin.NewEnvironmentAsync("b");
        var (_, tokenA) = await _admin.NewKeyAsync(envA, "admin");
        var (keyB, tokenB) = await _admin.NewKeyAsync(envB, "admin");
        var keys = fixture.App.Function<ApiKeyFunctions>();

        var getEnv = await TestRequest.Get($"admin/environments/{envB}").Bearer(tokenA).SendAsync(r => fixture.App.Function<EnvironmentFunctions>().Get(r, envB));
        var getKey = await TestRequest.Get($"admin/api-keys/{keyB}").Bearer(tokenA).SendAsync(r => keys.Get(r, keyB));
        var deleteKey = await TestRequest.Delete($"admin/api-keys/{keyB}").Bearer(tokenA).SendAsync(r => keys.Delete(r, keyB));
        var listKeys = await TestRequest.Get($"admin/api-keys?environment_id={envB}").Bearer(tokenA).SendAsync(keys.List);
        var createKey = await _admin.CreateKeyAsync(tokenA, new { environment_id = envB, name = "sneaky", scopes = new[] { "admin" } });

        foreach (var response in new[] { getEnv, getKey, deleteKey, listKeys, createKey })
        {
            Assert.True(response.Status == 404, response.ToString());
            Assert.Equal("not_found", response.Str("code"));
        }

        // And B's key was not deleted by the refused request.
        var stillThere = await TestRequest.Get("admin/api-keys").Bearer(tokenB).SendAsync(keys.List);
        Assert.Equal(200, stillThere.Status);
        Assert.Contains(keyB, stillThere.Body);
    }

    [Fact]
    public async Task Unknown_ids_are_404_for_the_root_key()
    {
        var getEnv = await TestRequest.Get($"admin/environments/{Placeholder}").Bearer(fixture.App.AdminKey)
            .SendAsync(r => fixture.App.Function<EnvironmentFunctions>().Get(r, Placeholder));
        var keyInMissingEnv = await _admin.CreateKeyAsync(fixture.App.AdminKey, new { environment_id = Placeholder, name = "k", scopes = new[] { "runs" } });
        var weirdId = await TestRequest.Get("admin/environments/a%2Fb").Bearer(fixture.App.AdminKey)
            .SendAsync(r => fixture.App.Function<EnvironmentFunctions>().Get(r, "a/b#?"));

        Assert.Equal(404, getEnv.Status);
        Assert.Equal(404, keyInMissingEnv.Status);
        Assert.Equal("environment_id", keyInMissingEnv.Str("field"));
        Assert.Equal(404, weirdId.Status);
    }

    [Fact]
    public async Task Health_is_anonymous_and_ignores_bad_credentials()
    {
        foreach (var header in new[] { null, "Bearer nonsense" })
        {
            var request = TestRequest.Get("health");
            if (header is not null)
            {
                request.Header("Authorization", header);
            }

            var response = await request.SendAsync(fixture.App.Function<HealthFunction>().Run);
            Assert.Equal(200, response.Status);
        }
    }

    private static TestRequest Request(string route, string body)
    {
        var definition = ApiRoutes.All.Single(r => r.FunctionName == route);
        var path = definition.Path.Replace("{id}", Placeholder, StringComparison.Ordinal).Replace("{name}", "crm", StringComparison.Ordinal);
        var request = definition.Method switch
        {
            "GET" => TestRequest.Get(path),
            "DELETE" => TestRequest.Delete(path),
            "PUT" => TestRequest.Put(path).Body(body),
            "PATCH" => TestRequest.Patch(path).Body(body),
            _ => TestRequest.Post(path).Body(body),
        };
        return request;
    }
}
