using System.Net;
using System.Net.Sockets;

namespace SyncFunctions.Core.Engine;

/// <summary>The outcome of <see cref="UpstreamUrlPolicy.CheckUrl"/>: allowed, or why not.</summary>
public sealed record UrlCheck(bool IsAllowed, string? Reason)
{
    public static UrlCheck Allowed { get; } = new(true, null);

    public static UrlCheck Refused(string reason) => new(false, reason);
}

/// <summary>
/// SSRF protection: an integration (or an account variable in its base URL, or a next-page link) must not
/// make the hub call itself, the cloud metadata endpoint or the private network. Checked twice: at
/// definition time on literal hosts (<see cref="CheckUrl"/>), and by the HTTP adapter on every address a
/// host name resolves to, at connect time (<see cref="IsAllowed"/>), which also defeats DNS rebinding.
/// An allow-list entry (host name, IP or CIDR such as <c>127.0.0.1</c> for a local test server) lifts the ban.
/// </summary>
public static class UpstreamUrlPolicy
{
    private static readonly IpRange[] Refused =
    [
        // IPv4
        new("0.0.0.0", 8, "unspecified"),
        new("10.0.0.0", 8, "private"),
        new("100.64.0.0", 10, "carrier-grade NAT"),
        new("127.0.0.0", 8, "loopback"),
        new("169.254.0.0", 16, "link-local"),
        new("172.16.0.0", 12, "private"),
        new("192.0.0.0", 24, "reserved"),
        new("192.168.0.0", 16, "private"),
        new("198.18.0.0", 15, "benchmarking"),
        new("224.0.0.0", 4, "multicast"),
        new("240.0.0.0", 4, "reserved"),
        // IPv6
        new("::", 128, "unspecified"),
        new("::1", 128, "loopback"),
        new("::", 96, "IPv4-compatible"),
        new("64:ff9b:1::", 48, "NAT64 (local-use)"),
        new("100::", 64, "discard"),
        new("2001::", 32, "Teredo tunnel"),
        new("2001:db8::", 32, "documentation"),
        new("fc00::", 7, "private (unique local)"),
        new("fe80::", 10, "link-local"),
        new("fec0::", 10, "site-local"),
        new("ff00::", 8, "multicast"),
    ];

    /// <summary>
    /// May the hub connect to <paramref name="address"/>, which <paramref name="host"/> resolved to? Public
    /// addresses yes; loopback, link-local, private, CGNAT, unspecified, multicast and reserved addresses
    /// (also inside IPv4-mapped, IPv4-translated, NAT64 and 6to4 IPv6 addresses) only if the host or address is allow-listed.
    /// </summary>
    public static bool IsAllowed(IPAddress address, IReadOnlySet<string> allowedHosts, string host) =>
        IsAllowed(address, allowedHosts, host, null);

    /// <summary>
    /// As <see cref="IsAllowed(IPAddress, IReadOnlySet{string}, string)"/>, and the machine's own addresses
    /// (<paramref name="localAddresses"/>, public ones included) are refused too: the hub must not call itself.
    /// </summary>
    public static bool IsAllowed(IPAddress address, IReadOnlySet<string> allowedHosts, string host, IReadOnlySet<IPAddress>? localAddresses) =>
        IsListed(address, allowedHosts, host) || RefusalReason(address, localAddresses) is null;

    /// <summary>Why <paramref name="address"/> is refused without an allow-list entry, or null when it may be dialled.</summary>
    public static string? RefusalReason(IPAddress address, IReadOnlySet<IPAddress>? localAddresses)
    {
        if (localAddresses is { Count: > 0 } && (localAddresses.Contains(address) || EmbeddedIPv4(address) is { } inner && localAddresses.Contains(inner)))
        {
            return "local-interface (this machine's own)";
        }
        return RefusalReason(address);
    }

    /// <summary>
    /// The IP address a URL host spells, whatever the spelling: brackets, trailing dots, IDNA forms (full-width digits and
    /// dots), and every IPv4 form .NET reads (decimal <c>2130706433</c>, octal, hex, short <c>127.1</c>); null for a name.
    /// URL checks and the connect step both read hosts through this, so they cannot disagree about what a host is.
    /// </summary>
    public static IPAddress? LiteralAddress(string host)
    {
        var name = host.Trim().Trim('[', ']');
        if (name.Length == 0)
        {
            return null;
        }
        if (name.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(name, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }
        name = HostSpelling.Fold(name).TrimEnd('.');
        return name.Length > 0 && IPAddress.TryParse(name, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork ? v4 : null;
    }

    /// <summary>Why <paramref name="address"/> is refused without an allow-list entry, or null when it is public.</summary>
    public static string? RefusalReason(IPAddress address)
    {
        if (EmbeddedIPv4(address) is { } inner)
        {
            return RefusalReason(inner);
        }
        return Refused.FirstOrDefault(r => r.Contains(address))?.Name;
    }

    /// <summary>
    /// Definition-time check of a URL: absolute http/https, no user info, and a literal IP (any IPv4 spelling
    /// .NET accepts, e.g. <c>2130706433</c>) or <c>localhost</c>-style name must pass <see cref="IsAllowed"/>.
    /// Other host names pass here and are checked when they resolve.
    /// </summary>
    public static UrlCheck CheckUrl(Uri url, IReadOnlySet<string>? allowedHosts = null)
    {
        allowedHosts ??= new HashSet<string>();
        if (!url.IsAbsoluteUri)
        {
            return UrlCheck.Refused("The URL must be absolute.");
        }
        if (url.Scheme is not ("http" or "https"))
        {
            return UrlCheck.Refused($"The scheme '{url.Scheme}' is not allowed; use http or https.");
        }
        if (url.UserInfo.Length > 0)
        {
            return UrlCheck.Refused("The URL must not contain a user name or password; use the integration's auth.");
        }

        var host = url.IdnHost;
        if (host.Length == 0)
        {
            return UrlCheck.Refused("The URL has no host.");
        }

        var address = LiteralAddress(host) ?? LiteralAddress(url.Host) ?? (IsLocalhostName(HostSpelling.Fold(url.Host)) ? IPAddress.Loopback : null);
        if (address is null || IsAllowed(address, allowedHosts, host))
        {
            return UrlCheck.Allowed;
        }
        return UrlCheck.Refused($"The host '{url.Host}' is a {RefusalReason(address)} address, which upstream URLs may not use unless it is allow-listed.");
    }

    /// <summary>Does an allow-list entry name <paramref name="url"/>'s host (by name, or by IP or CIDR for a literal address)?</summary>
    public static bool IsAllowListed(Uri url, IReadOnlySet<string> allowedHosts)
    {
        var host = url.IdnHost;
        if (LiteralAddress(host) is { } literal)
        {
            return IsListed(literal, allowedHosts, host);
        }
        var name = HostSpelling.Fold(host).TrimEnd('.');
        return name.Length > 0 && allowedHosts.Any(entry => entry.Trim().TrimEnd('.').Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsLocalhostName(string host)
    {
        var name = host.Trim('[', ']').TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsListed(IPAddress address, IReadOnlySet<string> allowedHosts, string host)
    {
        var name = host.Trim('[', ']').TrimEnd('.');
        var candidates = EmbeddedIPv4(address) is { } inner ? new[] { address, inner } : [address];
        foreach (var entry in allowedHosts)
        {
            var item = entry.Trim();
            if (item.TrimEnd('.').Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (IpRange.TryParse(item, out var range) && candidates.Any(range.Contains))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d, RFC 2765), NAT64
    /// (64:ff9b::/96) or 6to4 (2002::/16) address.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0 && bytes[8] == 0xff && bytes[9] == 0xff && bytes[10] == 0 && bytes[11] == 0)
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }
        return null;
    }

    /// <summary>An address block (CIDR).</summary>
    private sealed class IpRange
    {
        private readonly byte[] _network;
        private readonly int _prefix;

        public IpRange(string network, int prefix, string name)
            : this(IPAddress.Parse(network), prefix, name)
        {
        }

        private IpRange(IPAddress network, int prefix, string name)
        {
            _network = network.GetAddressBytes();
            _prefix = prefix;
            Name = name;
        }

        public string Name { get; }

        public static bool TryParse(string text, out IpRange range)
        {
            range = null!;
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            var addressText = slash < 0 ? text : text[..slash];
            if (!IPAddress.TryParse(addressText.Trim('[', ']'), out var address))
            {
                return false;
            }
            var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            var prefix = bits;
            if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
            {
                return false;
            }
            range = new IpRange(address, prefix, "allow-listed");
            return true;
        }

        public bool Contains(IPAddress address)
        {
            var bytes = address.GetAddressBytes();
            if (bytes.Length != _network.Length)
            {
                return false;
            }
            var full = _prefix / 8;
            if (!bytes.AsSpan(0, full).SequenceEqual(_network.AsSpan(0, full)))
            {
                return false;
            }
            var rest = _prefix % 8;
            if (rest == 0)
            {
                return true;
            }
            var mask = (byte)(0xFF << (8 - rest));
            return (bytes[full] & mask) == (_network[full] & mask);
        }
    }
}
