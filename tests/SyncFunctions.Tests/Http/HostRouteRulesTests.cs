using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Http;

/// <summary>
/// The harness's copy of the Functions host's HTTP rules, on made-up functions: it must refuse what the host
/// refuses and dispatch as the host does, or the tests built on it prove nothing.
/// </summary>
public sealed class HostRouteRulesTests
{
    private static readonly IServiceProvider Routing = HostRouter.RoutingServices();

    /// <summary>No methods given means every method, as a trigger that names none.</summary>
    private static HttpFunction Function(string name, string? route, params string[] methods) =>
        new(name, "Tests." + name, route, methods.Length == 0 ? null : methods);

    [Theory]
    [InlineData("admin/environments", true)]
    [InlineData("/Admin/api-keys/", true)]
    [InlineData("administration", true)]
    [InlineData("runtime", true)]
    [InlineData("RUNTIMES/status", true)]
    [InlineData(RouteTemplates.Admin + "/environments", false)]
    [InlineData("health", false)]
    [InlineData("v2/admin", false)]
    [InlineData("sync-admin", false)]
    public void Routes_under_the_hosts_prefixes_are_refused(string route, bool refused)
    {
        Assert.Equal(refused, HostRouteRules.IsReserved(route));
        Assert.Equal(refused, HostRouteRules.Admit([Function("F", route, "get")]).Refused.ContainsKey("F"));
    }

    [Fact]
    public void A_function_without_a_route_is_routed_at_its_name_and_checked_there()
    {
        var admission = HostRouteRules.Admit([Function("AdminReport", null, "get"), Function("Report", " ", "get")]);

        Assert.Contains(HostRouteRules.ReservedRouteError, admission.Refused["AdminReport"]);
        Assert.Equal("Report", Assert.Single(admission.Admitted).EffectiveRoute);
    }

    [Fact]
    public void Of_two_functions_on_one_route_with_a_common_method_the_later_name_is_refused()
    {
        var admission = HostRouteRules.Admit(
        [
            Function("ReadThing", "/Things/{id}/", "get"),
            Function("GetThing", "things/{id}", "get", "head"),
            Function("PatchThing", "things/{id}", "patch"),
            Function("AnyThing", "things/{ID}"),
        ]);

        // Name order: AnyThing (every method) comes first and takes the route from all the others.
        Assert.Equal(["AnyThing"], admission.Admitted.Select(f => f.Name));
        Assert.Contains("'AnyThing'", admission.Refused["GetThing"]);
        Assert.Contains("'AnyThing'", admission.Refused["PatchThing"]);
        Assert.Contains("'AnyThing'", admission.Refused["ReadThing"]);

        var withoutAny = HostRouteRules.Admit([Function("ReadThing", "/Things/{id}/", "get"), Function("GetThing", "things/{id}", "get", "head"), Function("PatchThing", "things/{id}", "patch")]);
        Assert.Equal(["GetThing", "PatchThing"], withoutAny.Admitted.Select(f => f.Name));
        Assert.Contains("'GetThing'", withoutAny.Refused["ReadThing"]);
    }

    [Fact]
    public void A_function_name_used_twice_is_refused()
    {
        var admission = HostRouteRules.Admit([Function("GetThing", "things/{id}", "get"), Function("GetThing", "items/{id}", "get")]);

        Assert.Single(admission.Admitted);
        Assert.Contains("not unique", admission.Refused["GetThing"]);
    }

    [Theory]
    [InlineData("things/{id")]
    [InlineData("things/{id:nosuch}")]
    [InlineData("things/{id}/{id}")]
    [InlineData("things/{*rest}/more")]
    public void A_template_the_router_cannot_build_stops_the_routes(string route)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => HostRouter.Build([Function("GetThing", route, "get")], "api", Routing));

        Assert.Contains("GetThing", ex.Message);
    }

    [Fact]
    public async Task The_first_route_in_name_order_wins_even_over_a_literal_segment()
    {
        var parameterFirst = HostRouter.Build([Function("GetItemSummary", "items/summary", "get"), Function("GetItem", "items/{id}", "get")], "api", Routing);
        var literalFirst = HostRouter.Build([Function("GetItemSummary", "items/summary", "get"), Function("ReadItem", "items/{id}", "get")], "api", Routing);

        // Endpoint routing would pick GetItemSummary in both: its literal segment has precedence.
        Assert.Equal("GetItem", await parameterFirst.DispatchAsync("GET", "api/items/summary"));
        Assert.Equal("GetItemSummary", await literalFirst.DispatchAsync("GET", "api/items/summary"));
        Assert.Equal("ReadItem", await literalFirst.DispatchAsync("GET", "api/items/42"));
    }

    [Fact]
    public async Task Methods_and_the_route_prefix_are_matched_as_the_host_matches_them()
    {
        var prefixed = HostRouter.Build([Function("GetItem", "items/{id}", "get"), Function("Ping", "ping")], "api", Routing);
        var bare = HostRouter.Build([Function("GetItem", "items/{id}", "get")], "", Routing);

        Assert.Equal("GetItem", await prefixed.DispatchAsync("GET", "API/Items/1?x=1"));
        Assert.Null(await prefixed.DispatchAsync("POST", "api/items/1"));
        Assert.Null(await prefixed.DispatchAsync("GET", "items/1"));
        Assert.Equal("Ping", await prefixed.DispatchAsync("DELETE", "api/ping"));
        Assert.Equal("GetItem", await bare.DispatchAsync("GET", "items/1"));
        Assert.Null(await bare.DispatchAsync("GET", "api/items/1"));
    }

    [Fact]
    public async Task A_parameter_that_matches_only_admin_serves_the_admin_urls_and_nothing_else()
    {
        var router = HostRouter.Build([Function("GetEnvironment", RouteTemplates.Admin + "/environments/{id}", "get")], "api", Routing);

        Assert.Empty(router.Admission.Refused);
        Assert.Equal("GetEnvironment", await router.DispatchAsync("GET", "api/admin/environments/e1"));
        Assert.Null(await router.DispatchAsync("GET", "api/administration/environments/e1"));
        Assert.Null(await router.DispatchAsync("GET", "api/sysadmin/environments/e1"));
        Assert.Null(await router.DispatchAsync("GET", "api/environments/e1"));
        Assert.Equal("admin/environments/{id}", RouteTemplates.DocumentedPath(RouteTemplates.Admin + "/environments/{id}"));
    }

    [Theory]
    [InlineData("""{"version":"2.0"}""", "api")]
    [InlineData("""{"extensions":{"http":{"routePrefix":""}}}""", "")]
    [InlineData("""{"Extensions":{"Http":{"RoutePrefix":"v1"}}, /* comment */}""", "v1")]
    public void The_route_prefix_comes_from_host_json(string hostJson, string prefix)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, hostJson);
            Assert.Equal(prefix, HostJson.RoutePrefix(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
