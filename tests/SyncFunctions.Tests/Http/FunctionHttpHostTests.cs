using SyncFunctions.Docs;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Http;

/// <summary>The Kestrel stand-in for the Functions host starts, and dispatches, only as the host would.</summary>
public sealed class FunctionHttpHostTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly string DashboardEntry = typeof(DocsFunctions).FullName + "." + nameof(DocsFunctions.Dashboard);
    private static readonly string OpenApiEntry = typeof(DocsFunctions).FullName + "." + nameof(DocsFunctions.OpenApi);

    [Theory]
    [InlineData("admin/things")]
    [InlineData("administration")]
    [InlineData("runtime/things")]
    public async Task Refuses_to_start_with_a_function_the_host_would_refuse(string route)
    {
        HttpFunction[] functions = [new("ListThings", DashboardEntry, route, ["get"]), new("Docs", OpenApiEntry, "docs", ["get"])];

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => FunctionHttpHost.StartAsync(fixture.App, functions, "api"));

        Assert.Contains("ListThings", ex.Message);
        Assert.DoesNotContain("Docs", ex.Message);
    }

    [Fact]
    public async Task Dispatches_to_the_first_function_in_name_order_under_the_route_prefix()
    {
        await using var parameterFirst = await FunctionHttpHost.StartAsync(fixture.App,
            [new("GetThing", DashboardEntry, "things/{id}", ["get"]), new("GetThingSpec", OpenApiEntry, "things/spec", ["get"])], "api");
        await using var literalFirst = await FunctionHttpHost.StartAsync(fixture.App,
            [new("ReadThing", DashboardEntry, "things/{id}", ["get"]), new("GetThingSpec", OpenApiEntry, "things/spec", ["get"])], "");
        using var client = new HttpClient();

        Assert.StartsWith("text/html", await ContentTypeAsync(client, HttpMethod.Get, parameterFirst.Url("api/things/spec")));
        Assert.StartsWith("application/json", await ContentTypeAsync(client, HttpMethod.Get, literalFirst.Url("things/spec")));
        Assert.StartsWith("text/html", await ContentTypeAsync(client, HttpMethod.Get, literalFirst.Url("things/1")));
        Assert.Equal("404", await ContentTypeAsync(client, HttpMethod.Get, literalFirst.Url("api/things/spec")));
        Assert.Equal("404", await ContentTypeAsync(client, HttpMethod.Post, parameterFirst.Url("api/things/spec")));
    }

    /// <summary>The response's content type, or its status when it is not a success.</summary>
    private static async Task<string> ContentTypeAsync(HttpClient client, HttpMethod method, Uri url)
    {
        using var request = new HttpRequestMessage(method, url);
        using var response = await client.SendAsync(request);
        return response.IsSuccessStatusCode ? response.Content.Headers.ContentType?.ToString() ?? "" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
