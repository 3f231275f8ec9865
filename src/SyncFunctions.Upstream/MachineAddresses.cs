using System.Net;
using System.Net.NetworkInformation;

namespace SyncFunctions.Upstream;

/// <summary>
/// The addresses of this machine's interfaces, public ones included, which the connect step refuses: a name that resolves
/// to the host's own address would otherwise reach services listening on it. Read again every half minute, as
/// addresses can change under a running host.
/// </summary>
internal static class MachineAddresses
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);
    // One reference, so readers on other threads see a whole snapshot, never half of one.
    private static Snapshot? _cache;

    public static IReadOnlySet<IPAddress> Current()
    {
        var now = Environment.TickCount64;
        if (Volatile.Read(ref _cache) is { } cached && now - cached.ReadAt < Freshness.TotalMilliseconds)
        {
            return cached.Addresses;
        }

        var addresses = Read();
        Volatile.Write(ref _cache, new Snapshot(now, addresses));
        return addresses;
    }

    private sealed record Snapshot(long ReadAt, IReadOnlySet<IPAddress> Addresses);

    private static HashSet<IPAddress> Read()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? new IPAddress(u.Address.GetAddressBytes()) : u.Address)
                .ToHashSet();
        }
        catch (NetworkInformationException)
        {
            // Without the list, the range rules still apply; an empty set only drops this extra check.
            return [];
        }
    }
}
