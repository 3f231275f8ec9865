namespace SyncFunctions.Core.Engine;

/// <summary>
/// One request to send upstream, fully rendered and encoded: <see cref="Url"/> goes on the wire as
/// <see cref="Uri.AbsoluteUri"/>. Carries no credentials until <see cref="Auth.AuthApplier.Apply(UpstreamRequest, Integrations.AuthDefinition?, IReadOnlyDictionary{string, string})"/> adds them.
/// </summary>
public sealed record UpstreamRequest(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers);
