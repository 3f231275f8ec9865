namespace SyncFunctions.Core.Engine;

/// <summary>The definitions, args, account variables or credentials cannot work as given; retrying will not help.</summary>
public sealed class ConfigurationException(string code, string message, string? field = null, UpstreamErrorKind kind = UpstreamErrorKind.Config)
    : SyncEngineException(kind, code, message, field);
