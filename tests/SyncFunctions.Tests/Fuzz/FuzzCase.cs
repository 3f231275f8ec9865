using System.Text;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Fuzz;

/// <summary>A request body: text, or bytes no string holds; <see cref="ContentType"/> null sends none.</summary>
internal sealed record FuzzBody(string? Text, byte[]? Bytes, string? ContentType)
{
    public override string ToString() =>
        $"{ContentType ?? "(no content type)"} " + (Bytes is not null ? $"{Bytes.Length} raw bytes" : Text is null ? "(no body)" : Shorten(Text, 400));

    public static string Shorten(string text, int max) => text.Length <= max ? text : $"{text[..max]}… ({text.Length} chars)";
}

/// <summary>
/// One fuzzed request to one route. The Authorization value is kept apart from its <see cref="AuthLabel"/> so a
/// failure report names the key without printing it.
/// </summary>
internal sealed record FuzzCase(
    ApiRoute Route,
    string AuthLabel,
    string? Authorization,
    string? Id,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    FuzzBody Body)
{
    public TestRequest ToRequest()
    {
        var request = RouteCaller.Request(Route, Id, Query);
        if (Authorization is not null)
        {
            request.Header("Authorization", Authorization);
        }

        foreach (var (name, value) in Headers)
        {
            request.Header(name, value);
        }

        if (Body.Bytes is not null)
        {
            request.Body(Body.Bytes, Body.ContentType);
        }
        else if (Body.Text is not null)
        {
            request.Body(Encoding.UTF8.GetBytes(Body.Text), Body.ContentType);
        }
        else if (Body.ContentType is not null)
        {
            request.Header("Content-Type", Body.ContentType);
        }

        return request;
    }

    public override string ToString() =>
        $"{Route.Method} {Route.Path} [{Route.FunctionName}] id={(Id is null ? "(none)" : FuzzBody.Shorten(Id, 120))} ?{FuzzBody.Shorten(Query, 300)}\n" +
        $"  Authorization: {AuthLabel}\n" +
        string.Concat(Headers.Select(h => $"  {h.Key}: {FuzzBody.Shorten(h.Value, 120)}\n")) +
        $"  body: {Body}";
}
