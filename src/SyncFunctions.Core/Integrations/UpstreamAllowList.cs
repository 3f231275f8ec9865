namespace SyncFunctions.Core.Integrations;

/// <summary>
/// Hosts, IPs or CIDRs that may be reached although the SSRF rules refuse them (loopback, private
/// ranges); from the <c>SyncFunctions__AllowedUpstreamHosts</c> setting, comma separated.
/// </summary>
public sealed record UpstreamAllowList(IReadOnlySet<string> Hosts)
{
    public static UpstreamAllowList Parse(string? setting) => new(
        (setting ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase));
}
