using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Runs;

/// <summary>
/// Census's trigger description of an API-created run: "API key {id}" (the key's id, never its token), or "Manual"
/// when the caller says a person asked for it (a dashboard button, a CLI) with <c>X-SyncFunctions-Trigger: manual</c>.
/// Cron triggers and retries describe themselves.
/// </summary>
public static class RunTriggers
{
    public const string Header = "X-SyncFunctions-Trigger";
    public const string Manual = "Manual";

    public static string ForApi(string? header, string keyId) => header switch
    {
        null or "" => $"API key {keyId}",
        _ when string.Equals(header, "manual", StringComparison.OrdinalIgnoreCase) => Manual,
        _ => throw ApiException.Validation(Header, $"{Header} is 'manual' or absent."),
    };
}
