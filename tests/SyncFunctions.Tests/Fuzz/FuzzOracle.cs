using System.Text.Json;
using System.Text.RegularExpressions;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Fuzz;

/// <summary>What every answer to every request must be, however odd the request.</summary>
internal static partial class FuzzOracle
{
    /// <summary>Text only a stack trace, an exception's message or a build path would put in an answer.</summary>
    private static readonly string[] InternalsMarkers =
    [
        "   at ", "Exception", "exception:", ".cs:line", "--- End of", "StackTrace", "/work/", "/src/", "\\src\\", "/home/", "/tmp/",
        "System.Text.Json", "Azure.Data.Tables", "Microsoft.", "Newtonsoft",
    ];

    /// <summary>The problems in <paramref name="response"/> (none: an empty list).</summary>
    public static List<string> Check(FuzzCase fuzz, TestResponse response, IReadOnlyList<string> secrets)
    {
        var problems = new List<string>();
        if (response.Status >= 500)
        {
            problems.Add($"answered {response.Status}");
        }

        if (response.Status is >= 400 and < 500)
        {
            problems.AddRange(BadProblem(fuzz.Route, response));
        }
        else if (response.Body.Length > 0 && response.ContentType?.Contains("json", StringComparison.Ordinal) == true && !IsJson(response.Body))
        {
            problems.Add("a JSON content type over a body that is not JSON");
        }

        // The documents describe the API (their text may name an exception type); everything else must not.
        var isDocument = fuzz.Route == ApiRoutes.OpenApiDocument || fuzz.Route == ApiRoutes.Dashboard;
        var texts = response.Headers.Select(h => (Where: "header " + h.Key, Text: h.Value.ToString()))
            .Append((Where: "body", Text: response.Body)).ToList();
        foreach (var (where, text) in texts)
        {
            if (!isDocument && InternalsMarkers.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal)) is { } marker)
            {
                problems.Add($"{where} shows internals ('{marker}')");
            }

            if (secrets.Any(s => text.Contains(s, StringComparison.Ordinal)))
            {
                problems.Add($"{where} holds a secret");
            }
        }

        return problems;
    }

    private static IEnumerable<string> BadProblem(ApiRoute route, TestResponse response)
    {
        // Braze's job_sync_status answers its 400 and 429 in Braze's shape: {"message": "..."}.
        if (route == ApiRoutes.ListJobSyncStatus && response.Status is 400 or 429)
        {
            if (!IsJson(response.Body) || response.Json.ValueKind != JsonValueKind.Object || !response.Json.TryGetProperty("message", out var message)
                || message.ValueKind != JsonValueKind.String)
            {
                yield return "a Braze error without a message";
            }

            yield break;
        }

        if (response.ContentType?.StartsWith(ApiResult.ProblemJson, StringComparison.Ordinal) != true)
        {
            yield return $"a {response.Status} as {response.ContentType ?? "no content type"}, not problem+json";
            yield break;
        }

        if (!IsJson(response.Body) || response.Json.ValueKind != JsonValueKind.Object)
        {
            yield return "a problem that is not a JSON object";
            yield break;
        }

        var json = response.Json;
        if (!json.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String || !Code().IsMatch(code.GetString()!))
        {
            yield return "a problem without a snake_case code";
        }

        if (!json.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != response.Status)
        {
            yield return "a problem whose status is not the answer's";
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Code();
}
