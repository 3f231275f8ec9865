using System.Net;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream.Tests;

internal static class TestHttp
{
    public static HttpClient ClientFor(DemoUpstreamServer server) =>
        new() { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>GET that must answer 200 with JSON.</summary>
    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendForJsonAsync(this HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
    }

    public static List<long> Ids(this JsonNode? records) => [.. records!.AsArray().Select(r => r!["id"]!.GetValue<long>())];

    public static List<long> Ids(this IEnumerable<JsonObject> records) => [.. records.Select(r => r["id"]!.GetValue<long>())];

    public static string? Error(this JsonNode? body) => body?["error"]?.GetValue<string>();
}

/// <summary>Moves only when told to, so rate-limit windows and token expiry are exact.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
