using SyncFunctions.Core.Security;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Http;

/// <summary>
/// Every route of <see cref="ApiRoutes.All"/> × every kind of sender (<see cref="AuthColumn"/>) gets the answer
/// <see cref="AuthMatrix"/> expects, as problem+json where it refuses; a route added without a row fails here.
/// </summary>
public sealed class AuthMatrixTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Unknown = "00000000-0000-0000-0000-000000000000";
    private ApiWorld _world = null!;

    public async Task InitializeAsync() => _world = await ApiWorld.StartAsync(azurite);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public void Every_route_has_a_row_and_only_admin_rows_name_the_environment_keys_answer()
    {
        Assert.Equal(ApiRoutes.All.Select(r => r.FunctionName).Order(), AuthMatrix.Rows.Keys.Order());
        foreach (var route in ApiRoutes.All)
        {
            Assert.True((route.Scope == Scopes.Admin) == (AuthMatrix.Rows[route.FunctionName].EnvironmentKey is not null), route.FunctionName);
        }
    }

    [Fact]
    public async Task Every_route_answers_every_sender_as_the_matrix_says()
    {
        var failures = new List<string>();
        var cells = 0;
        // The seeded run is deleted by its owner's cell, so that row goes last.
        foreach (var route in ApiRoutes.All.OrderBy(r => r.FunctionName == nameof(ApiRoutes.DeleteSyncJobRun)))
        {
            foreach (var column in Enum.GetValues<AuthColumn>())
            {
                var expected = AuthMatrix.Expected(route, column);
                if (expected is null)
                {
                    continue;
                }

                cells++;
                foreach (var header in AuthMatrix.Headers(_world, route, column))
                {
                    var response = await SendAsync(route, header);
                    var wrong = Check(route, column, expected, response);
                    if (wrong is not null)
                    {
                        failures.Add($"{route.FunctionName} × {column} ('{Shown(header)}'): expected {expected}, {wrong}\n    {response.ToString().Replace("\n", "\n    ", StringComparison.Ordinal)}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers of {cells} cells differ from the matrix:\n" + string.Join('\n', failures));
        Assert.Equal(ApiRoutes.All.Count * Enum.GetValues<AuthColumn>().Length, cells);
    }

    [Fact]
    public async Task Unknown_ids_are_404_for_the_root_key()
    {
        var getEnv = await _world.Expect(404, ApiRoutes.GetEnvironment, _world.AdminKey, Unknown);
        var keyInMissingEnv = await _world.Expect(404, ApiRoutes.CreateApiKey, _world.AdminKey,
            body: $$"""{"environment_id":"{{Unknown}}","name":"k","scopes":["runs"]}""");
        await _world.Expect(404, ApiRoutes.GetEnvironment, _world.AdminKey, "a/b#?");

        Assert.Equal("not_found", getEnv.Str("code"));
        Assert.Equal("environment_id", keyInMissingEnv.Str("field"));
    }

    private async Task<TestResponse> SendAsync(ApiRoute route, string? authorization)
    {
        var row = AuthMatrix.Rows[route.FunctionName];
        var id = await row.Target(_world);
        var request = RouteCaller.Request(route, id, row.Query?.Invoke(_world) ?? "");
        if (authorization is not null)
        {
            request.Header("Authorization", authorization);
        }

        request.Header("X-Basecrm-Device-UUID", row.FreshDevice ? Guid.NewGuid().ToString() : _world.Device);
        if (row.Body?.Invoke(_world) is { } body)
        {
            request.Body(body);
        }

        return await _world.Calls.SendAsync(route, request, id);
    }

    private string? Check(ApiRoute route, AuthColumn column, Answer expected, TestResponse response)
    {
        if (response.Status != expected.Status)
        {
            return "got " + response.Status;
        }

        if (response.Status >= 400 && route.FunctionName != nameof(ApiRoutes.ListJobSyncStatus))
        {
            if (response.ContentType?.StartsWith(ApiResult.ProblemJson, StringComparison.Ordinal) != true)
            {
                return "not problem+json";
            }

            if (response.Str("code") != expected.Code || response.Json.GetProperty("status").GetInt32() != expected.Status)
            {
                return $"got code {response.Str("code")}";
            }
        }

        if (response.Status == 401 && response.Header("WWW-Authenticate")?.StartsWith("Bearer", StringComparison.Ordinal) != true)
        {
            return "no WWW-Authenticate: Bearer";
        }

        if (column == AuthColumn.OtherEnvironment && response.Status < 300 && _world.IdsOfA.FirstOrDefault(response.Body.Contains) is { } leaked)
        {
            return $"shows A's id {leaked}";
        }

        if (column == AuthColumn.RestrictedToOther && response.Status < 300 && _world.IdsOfAccount.FirstOrDefault(response.Body.Contains) is { } shown)
        {
            return $"shows the other account's id {shown}";
        }

        return null;
    }

    // Keys are shown by their first characters only, so a failure report holds no whole secret.
    private static string Shown(string? header) =>
        header is null ? "(none)" : header.Length > 16 ? header[..16] + "…" : header;
}
