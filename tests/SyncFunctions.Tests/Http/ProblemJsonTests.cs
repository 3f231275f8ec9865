using Azure.Data.Tables;
using SyncFunctions.Admin;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Http;

/// <summary>Bad input gets RFC 7807 problem+json with a stable code and the offending field, and changes nothing.</summary>
public sealed class ProblemJsonTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private Task<TestResponse> CreateEnvironment(TestRequest request) =>
        request.Bearer(fixture.App.AdminKey).SendAsync(fixture.App.Function<EnvironmentFunctions>().Create);

    private Task<TestResponse> CreateKey(string body) =>
        TestRequest.Post("admin/api-keys").Body(body).Bearer(fixture.App.AdminKey).SendAsync(fixture.App.Function<ApiKeyFunctions>().Create);

    [Fact]
    public async Task A_problem_has_every_rfc7807_member_and_no_internals()
    {
        var response = await CreateEnvironment(TestRequest.Post("admin/environments").Body("{\"name\": "));

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json; charset=utf-8", response.ContentType);
        var json = response.Json;
        Assert.Equal("urn:syncfunctions:problem:invalid_json", json.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Contains("line 1", json.GetProperty("detail").GetString());
        Assert.Equal("invalid_json", json.GetProperty("code").GetString());
        Assert.Equal("/api/admin/environments", json.GetProperty("instance").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("trace_id").GetString()));
        Assert.DoesNotContain("   at ", response.Body);
        Assert.DoesNotContain("System.", response.Body);
        Assert.DoesNotContain("SyncFunctions.", response.Body);
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"nmae\":\"y\"}", "unknown_field", "nmae")]
    [InlineData("{\"name\":5}", "validation_failed", "name")]
    [InlineData("{}", "validation_failed", "name")]
    [InlineData("{\"name\":\"   \"}", "validation_failed", "name")]
    [InlineData("[]", "invalid_json", "body")]
    [InlineData("null", "invalid_json", "body")]
    [InlineData("", "invalid_json", "body")]
    [InlineData("{\"name\":\"a\"} trailing", "invalid_json", "body")]
    public async Task Bad_environment_bodies_name_the_field(string body, string code, string field)
    {
        var response = await CreateEnvironment(TestRequest.Post("admin/environments").Body(body));

        Assert.True(response.Status == 400, response.ToString());
        Assert.Equal(code, response.Str("code"));
        Assert.Equal(field, response.Str("field"));
    }

    [Fact]
    public async Task Every_invalid_key_field_is_listed()
    {
        var response = await CreateKey("{\"environment_id\":\"e\",\"name\":\"\",\"scopes\":[\"runs\",\"bogus\",\"admin\",\"nope\"]}");

        Assert.Equal(400, response.Status);
        var fields = response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["name", "scopes[1]", "scopes[3]"], fields);
        Assert.Equal("name", response.Str("field"));
    }

    [Fact]
    public async Task Empty_scopes_and_a_missing_environment_for_the_root_key_are_named()
    {
        var response = await CreateKey("{\"name\":\"k\",\"scopes\":[]}");

        Assert.Equal(400, response.Status);
        var fields = response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["scopes", "environment_id"], fields);
    }

    [Fact]
    public async Task Wrong_content_type_is_415_and_oversized_bodies_are_413()
    {
        var text = await CreateEnvironment(TestRequest.Post("admin/environments").Body("{\"name\":\"x\"}", "text/plain"));
        Assert.Equal(415, text.Status);
        Assert.Equal("unsupported_media_type", text.Str("code"));

        var huge = await CreateEnvironment(TestRequest.Post("admin/environments").Body("{\"name\":\"" + new string('x', 1_100_000) + "\"}"));
        Assert.Equal(413, huge.Status);
        Assert.Equal("payload_too_large", huge.Str("code"));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=ten")]
    [InlineData("limit=-1")]
    public async Task Bad_limits_are_400_naming_limit(string query)
    {
        var response = await TestRequest.Get("admin/environments?" + query).Bearer(fixture.App.AdminKey)
            .SendAsync(fixture.App.Function<EnvironmentFunctions>().List);

        Assert.Equal(400, response.Status);
        Assert.Equal("limit", response.Str("field"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b")]
    [InlineData("eyJ2IjoxfQ.AAAA")]
    public async Task Garbage_cursors_are_400_invalid_cursor(string cursor)
    {
        var response = await TestRequest.Get("admin/environments?cursor=" + Uri.EscapeDataString(cursor)).Bearer(fixture.App.AdminKey)
            .SendAsync(fixture.App.Function<EnvironmentFunctions>().List);

        Assert.Equal(400, response.Status);
        Assert.Equal("invalid_cursor", response.Str("code"));
    }

    [Fact]
    public async Task Rejected_requests_store_nothing()
    {
        var table = new TableClient(fixture.ConnectionString, fixture.App.TablePrefix + "environments");
        await table.CreateIfNotExistsAsync();
        var before = table.Query<TableEntity>().Count();

        await CreateEnvironment(TestRequest.Post("admin/environments").Body("{\"name\":5}"));
        await CreateEnvironment(TestRequest.Post("admin/environments").Body("{\"name\":\"ok\",\"extra\":1}"));
        await CreateKey("{\"environment_id\":\"nope\",\"name\":\"k\",\"scopes\":[\"runs\"]}");

        Assert.Equal(before, table.Query<TableEntity>().Count());
    }
}
