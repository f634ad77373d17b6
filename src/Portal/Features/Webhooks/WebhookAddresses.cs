using System.Net.Http;
using System.Net.Sockets;

namespace Portal.Features.Webhooks;

/// <summary>
/// Where webhooks may go. Unless <see cref="WebhookOptions.AllowPrivateAddresses"/> is on, only public addresses:
/// never loopback, private (RFC 1918, carrier-grade NAT), link-local, unique-local, multicast, unspecified or reserved
/// ones, in IPv4 or IPv6 (an IPv4-mapped IPv6 address is judged as its IPv4 address). The check runs when an endpoint
/// is saved, for a clear message, and again on every connection, against the address the name resolved to then, so a
/// name that later resolves somewhere private (DNS rebinding) gets nowhere.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Whether a webhook may connect to <paramref name="address"/> when private addresses are not allowed.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // "this network", 0.0.0.0
                     || b[0] == 10                               // private
                     || b[0] == 127                              // loopback
                     || (b[0] == 100 && (b[1] & 0xC0) == 64)     // carrier-grade NAT 100.64/10
                     || (b[0] == 169 && b[1] == 254)             // link-local (cloud metadata lives here)
                     || (b[0] == 172 && (b[1] & 0xF0) == 16)     // private 172.16/12
                     || (b[0] == 192 && b[1] == 168)             // private
                     || (b[0] == 192 && b[1] == 0 && b[2] == 0)  // IETF protocol assignments
                     || (b[0] == 198 && (b[1] & 0xFE) == 18)     // benchmarking 198.18/15
                     || b[0] >= 224);                            // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            {
                return false;
            }

            var b = address.GetAddressBytes();
            // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::/96) addresses carry an IPv4 address: judge that.
            var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
            var nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
            if (compatible || nat64)
            {
                return IsPublic(new IPAddress(b.AsSpan(12, 4)));
            }

            // Documentation (2001:db8::/32) and discard (100::/64) prefixes lead nowhere.
            return !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) && !(b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0);
        }

        return false;
    }

    /// <summary>Whether <paramref name="host"/> is a name for this machine however it resolves (<c>localhost</c> and its subdomains).</summary>
    public static bool IsLocalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The webhook client's connect step: resolves the host, keeps only the addresses a webhook may reach and connects
    /// to one of them; none left refuses the request with <see cref="WebhookAddressRefusedException"/>.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var reachable = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (reachable.Length == 0 || (!allowPrivate && IsLocalName(host)))
        {
            throw new WebhookAddressRefusedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(reachable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A webhook's host resolved only to addresses webhooks may not reach.</summary>
public sealed class WebhookAddressRefusedException(string host)
    : HttpRequestException($"refused: {host} resolves only to private, loopback or otherwise non-public addresses");
