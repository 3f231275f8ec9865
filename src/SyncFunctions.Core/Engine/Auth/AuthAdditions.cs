namespace SyncFunctions.Core.Engine.Auth;

/// <summary>What authentication adds to a request: headers, and query parameters with raw (not yet encoded) values.</summary>
public sealed record AuthAdditions(IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Query)
{
    public static AuthAdditions None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());
}
