using System.Net;
using System.Text;

namespace SyncFunctions.DemoUpstream.Tests;

public class ControlEndpointTests
{
    [Fact]
    public async Task Fault_rules_can_be_added_and_cleared_over_http()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5 });
        using var client = TestHttp.ClientFor(server);

        using var added = await client.PostAsync("/_control/faults", Json("""
            {"path_prefix":"/page/contacts","times":2,"kind":"status","status":429,"retry_after_seconds":3}
            """));
        using var first = await client.GetAsync("/page/contacts");
        using var removed = await client.DeleteAsync("/_control/faults");
        using var after = await client.GetAsync("/page/contacts");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Empty(server.Faults.Rules);
    }

    [Theory]
    [InlineData("""{"kind":"delay","delay_ms":10}""", FaultKind.Delay)]
    [InlineData("""{"kind":"hang"}""", FaultKind.Hang)]
    [InlineData("""{"kind":"malformed_json"}""", FaultKind.MalformedJson)]
    [InlineData("""{"kind":"truncated_json","keep_fraction":0.25}""", FaultKind.TruncatedJson)]
    [InlineData("""{"kind":"wrong_content_type"}""", FaultKind.WrongContentType)]
    [InlineData("""{"kind":"records_without_ids","every":3,"until_cleared":true}""", FaultKind.RecordsWithoutIds)]
    [InlineData("""{"kind":"status","status":503,"retry_after_date":"2030-06-01T12:00:00Z","skip_first":2}""", FaultKind.Status)]
    public async Task Every_fault_kind_has_a_json_form(string json, FaultKind kind)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5 });
        using var client = TestHttp.ClientFor(server);

        using var response = await client.PostAsync("/_control/faults", Json(json));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rule = Assert.Single(server.Faults.Rules);
        Assert.Equal(kind, rule.Fault.Kind);
        Assert.Equal("/", rule.PathPrefix);
    }

    [Theory]
    [InlineData("""{"kind":"explode"}""")]
    [InlineData("""{"status":500}""")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Bad_fault_rules_get_400(string json)
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5 });
        using var client = TestHttp.ClientFor(server);

        using var response = await client.PostAsync("/_control/faults", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(server.Faults.Rules);
    }

    [Fact]
    public async Task Records_can_be_updated_deleted_and_added_over_http()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5 });
        using var client = TestHttp.ClientFor(server);

        var updated = await client.PostAsync("/_control/contacts/2/update", Json("""{"company":"New Co"}"""));
        var revised = await client.PostAsync("/_control/contacts/3/update", null);
        var deleted = await client.PostAsync("/_control/contacts/4/delete", null);
        var deletedAgain = await client.PostAsync("/_control/contacts/4/delete", null);
        var added = await client.PostAsync("/_control/contacts/add", Json("""{"first_name":"Neo"}"""));
        var missing = await client.PostAsync("/_control/contacts/99/update", null);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("New Co", server.Data.Get("contacts", 2)!["company"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        Assert.NotEqual(new DemoDataSet(server.Options).Get("contacts", 3)!.ToJsonString(), server.Data.Get("contacts", 3)!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.Null(server.Data.Get("contacts", 4));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("Neo", server.Data.Get("contacts", 6)!["first_name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var list = await client.GetJsonAsync("/page/contacts");
        Assert.Equal([1L, 2, 3, 5, 6], list["data"].Ids());
    }

    [Fact]
    public async Task Control_endpoints_skip_auth_but_the_api_does_not()
    {
        await using var server = await DemoUpstreamServer.StartAsync(new DemoUpstreamOptions { Contacts = 5, Auth = new UpstreamAuth { ApiKey = "k" } });
        using var client = TestHttp.ClientFor(server);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/_control/contacts/1/delete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/page/contacts")).StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
