using SyncFunctions.Definitions;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Admin;
using SyncFunctions.Tests.Definitions;

namespace SyncFunctions.Tests.Hardening;

/// <summary>
/// A job's args_schema may reference only inside itself: a remote <c>$ref</c> is a 400 naming it, and the
/// schema library never gets to fetch it (the listener behind the URL sees no connection).
/// </summary>
public sealed class ArgsSchemaRefTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private readonly AdminClient _admin = new(fixture.App);
    private string _key = "";

    public async Task InitializeAsync()
    {
        var env = await _admin.NewEnvironmentAsync("refs");
        _key = (await _admin.NewKeyAsync(env, "integrations", "sync_jobs")).Token;
        var put = await TestRequest.Put("integrations/crm").Bearer(_key).Json(DefinitionsApiTests.DemoIntegration())
            .SendAsync(r => fixture.App.Function<IntegrationFunctions>().Put(r, "crm"));
        Assert.True(put.Status == 201, put.ToString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private SyncJobFunctions Jobs => fixture.App.Function<SyncJobFunctions>();

    private static string Job(string argsSchema) =>
        $$"""{"integration_name":"crm","args_schema":{{argsSchema}},"resources":[{"resource":"crm/contacts","method":"list"}]}""";

    [Theory]
    [InlineData("""{"$ref":"http://127.0.0.1:{port}/x.json"}""", "args_schema.$ref")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"http://127.0.0.1:{port}/a.json#/definitions/a"}}}""", "args_schema.properties.a.$ref")]
    [InlineData("""{"allOf":[{"$ref":"//127.0.0.1:{port}/b.json"}]}""", "args_schema.allOf[0].$ref")]
    [InlineData("""{"$id":"http://127.0.0.1:{port}/","properties":{"a":{"$ref":"c.json"}}}""", "args_schema.properties.a.$ref")]
    public async Task A_remote_ref_is_refused_at_creation_and_never_fetched(string schema, string field)
    {
        using var trap = new LoopbackTrap();

        var response = await TestRequest.Post("sync-job").Bearer(_key).Body(Job(schema.Replace("{port}", trap.Port.ToString(), StringComparison.Ordinal)))
            .SendAsync(Jobs.Create);

        Assert.True(response.Status == 400, response.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Contains(response.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        await Task.Delay(200);
        Assert.Equal(0, trap.Connections);
    }

    [Fact]
    public async Task A_remote_ref_is_refused_when_a_job_is_updated()
    {
        using var trap = new LoopbackTrap();
        var created = await TestRequest.Post("sync-job").Bearer(_key).Body(Job("""{"type":"object"}""")).SendAsync(Jobs.Create);
        Assert.True(created.Status == 201, created.ToString());
        var id = created.Str("id")!;

        var response = await TestRequest.Patch($"sync-job/{id}").Bearer(_key)
            .Body("""{"args_schema":{"$ref":"http://127.0.0.1:PORT/x.json"}}""".Replace("PORT", trap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .SendAsync(r => Jobs.Update(r, id));

        Assert.True(response.Status == 400, response.ToString());
        Assert.Equal("args_schema.$ref", response.Str("field"));
        await Task.Delay(200);
        Assert.Equal(0, trap.Connections);
    }

    [Fact]
    public async Task A_reference_inside_the_document_still_works()
    {
        var response = await TestRequest.Post("sync-job").Bearer(_key)
            .Body(Job("""{"type":"object","definitions":{"id":{"type":"string"}},"properties":{"user_id":{"$ref":"#/definitions/id"}}}"""))
            .SendAsync(Jobs.Create);

        Assert.True(response.Status == 201, response.ToString());
    }
}
