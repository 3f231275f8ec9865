namespace SyncFunctions.Core.Engine;

/// <summary>The upstream's response cannot be used (for one page); the run records it and follows its error handling.</summary>
public sealed class UpstreamDataException(string code, string message, string? field = null)
    : SyncEngineException(UpstreamErrorKind.Data, code, message, field);
