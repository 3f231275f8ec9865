using System.Net;
using System.Net.Sockets;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream;

/// <summary>
/// The connect step of every upstream connection: resolves the host itself and connects only to addresses
/// <see cref="UpstreamUrlPolicy.IsAllowed"/> accepts. Checking the address actually dialled, rather than the URL,
/// also covers redirects and DNS rebinding (a name that resolved to a public address at definition time and to
/// 169.254.169.254 now).
/// </summary>
internal static class SsrfConnectCallback
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Create(
        IReadOnlySet<string> allowedHosts, Func<string, CancellationToken, Task<IPAddress[]>> resolve, Func<IReadOnlySet<IPAddress>> localAddresses) =>
        async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host.Trim('[', ']');
            // The same reading of the host as the URL check's, so a spelling that passed there is the address dialled here.
            var addresses = UpstreamUrlPolicy.LiteralAddress(host) is { } literal ? [literal] : await resolve(host, cancellationToken);
            var local = localAddresses();
            // Of a mixed answer only the public addresses are dialled; the rest are as if DNS had not returned them.
            var allowed = addresses.Where(a => UpstreamUrlPolicy.IsAllowed(a, allowedHosts, host, local)).ToArray();
            if (allowed.Length == 0)
            {
                var reason = addresses.Length == 0 ? "no" : "a " + UpstreamUrlPolicy.RefusalReason(addresses[0], local);
                throw new AddressRefusedException(
                    $"The host '{host}' resolves to {reason} address, which upstream calls may not use unless it is allow-listed.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
