using System.Globalization;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// The flat JSON form of a rule for <c>POST /_control/faults</c>, e.g.
/// <c>{"path_prefix":"/page/contacts","times":2,"kind":"status","status":429,"retry_after_seconds":1}</c>.
/// </summary>
internal static class FaultRuleJson
{
    public static FaultRule Parse(JsonObject json)
    {
        var kind = Text(json, "kind") ?? throw new FormatException("kind is required");
        var fault = kind switch
        {
            "status" => Text(json, "retry_after_date") is { } date
                ? Fault.Status(Int(json, "status") ?? 500, DateTimeOffset.Parse(date, CultureInfo.InvariantCulture))
                : Fault.Status(Int(json, "status") ?? 500, Int(json, "retry_after_seconds") is { } s ? TimeSpan.FromSeconds(s) : null),
            "delay" => Fault.Delay(TimeSpan.FromMilliseconds(Int(json, "delay_ms") ?? 1000)),
            "hang" => Fault.Hang(),
            "malformed_json" => Fault.MalformedJson(),
            "truncated_json" => Fault.TruncatedJson(json["keep_fraction"]?.GetValue<double>() ?? 0.5),
            "wrong_content_type" => Fault.WrongContentType(Int(json, "status") ?? 200),
            "records_without_ids" => Fault.RecordsWithoutIds(Int(json, "every") ?? 2),
            _ => throw new FormatException($"unknown kind '{kind}'"),
        };
        return new FaultRule
        {
            PathPrefix = Text(json, "path_prefix") ?? "/",
            QueryContains = Text(json, "query_contains"),
            Method = Text(json, "method"),
            Times = Int(json, "times") ?? 1,
            SkipFirst = Int(json, "skip_first") ?? 0,
            UntilCleared = json["until_cleared"]?.GetValue<bool>() ?? false,
            Fault = fault,
        };
    }

    private static string? Text(JsonObject json, string name) => json[name]?.GetValue<string>();

    private static int? Int(JsonObject json, string name) => json[name]?.GetValue<int>();
}
