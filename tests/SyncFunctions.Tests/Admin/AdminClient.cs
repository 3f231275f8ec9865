using SyncFunctions.Admin;
using SyncFunctions.Testing.App;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Admin;

/// <summary>Drives the admin functions the way a client would, for tests that need environments and keys.</summary>
internal sealed class AdminClient(TestApp app)
{
    public Task<TestResponse> CreateEnvironmentAsync(string bearer, object body) =>
        TestRequest.Post("admin/environments").Bearer(bearer).Json(body).SendAsync(app.Function<EnvironmentFunctions>().Create);

    public Task<TestResponse> CreateKeyAsync(string bearer, object body) =>
        TestRequest.Post("admin/api-keys").Bearer(bearer).Json(body).SendAsync(app.Function<ApiKeyFunctions>().Create);

    public async Task<string> NewEnvironmentAsync(string name = "acme")
    {
        var response = await CreateEnvironmentAsync(app.AdminKey, new { name });
        Assert.Equal(201, response.Status);
        return response.Str("id")!;
    }

    /// <summary>Creates a key in <paramref name="environmentId"/> and returns the token.</summary>
    public async Task<(string Id, string Token)> NewKeyAsync(string environmentId, params string[] scopes)
    {
        var response = await CreateKeyAsync(app.AdminKey, new { environment_id = environmentId, name = "test key", scopes });
        Assert.Equal(201, response.Status);
        return (response.Str("id")!, response.Str("key")!);
    }

    /// <summary>A key restricted to <paramref name="accountIds"/>.</summary>
    public async Task<(string Id, string Token)> NewRestrictedKeyAsync(string environmentId, IReadOnlyList<string> accountIds, params string[] scopes)
    {
        var response = await CreateKeyAsync(app.AdminKey, new { environment_id = environmentId, name = "restricted key", scopes, integrated_account_ids = accountIds });
        Assert.True(response.Status == 201, response.ToString());
        return (response.Str("id")!, response.Str("key")!);
    }
}
