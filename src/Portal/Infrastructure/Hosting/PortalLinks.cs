using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// Absolute links the portal mails or hands the platform (confirmation, password reset, invitations,
/// re-authorization, OAuth callback). They come from <c>Portal:PublicUrl</c>, never from a request's Host header,
/// which anyone can set. On a developer's machine without the setting, the address the portal listens on.
/// </summary>
public sealed class PortalLinks(IOptions<PortalOptions> options, IServer? server = null)
{
    public Uri Base => options.Value.PublicUri ?? (server is null ? null : ServerAddress.Loopback(server)) ?? new Uri("http://localhost/");

    /// <summary>The absolute address of a path of the portal (<c>Account/ConfirmEmail</c>, <c>/printers/…</c>).</summary>
    public string To(string path) => new Uri(Base, path.TrimStart('/')).AbsoluteUri;
}

/// <summary>The address the server listens on, as a client on this machine reaches it.</summary>
public static class ServerAddress
{
    /// <summary>Null under a test server, which listens nowhere.</summary>
    public static Uri? Loopback(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (chosen is null || !Uri.TryCreate(chosen.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri))
        {
            return null;
        }

        // A wildcard bind is reachable on loopback.
        var reachable = uri.Host is "0.0.0.0" or "[::]" or "::" ? new UriBuilder(uri) { Host = "127.0.0.1" }.Uri : uri;
        return new Uri(reachable.GetLeftPart(UriPartial.Authority) + "/");
    }
}
