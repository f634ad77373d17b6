using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// What the portal believes about a request before anything else reads it: the client's address and scheme only
/// from the proxies named in <c>Portal:KnownProxies</c>; outside Development only its public host name (so a forged
/// Host header is refused with 400), HTTPS only (redirect, and HSTS for a year) when the public address is HTTPS.
/// </summary>
public static class PortalEdge
{
    public static WebApplicationBuilder AddPortalEdge(this WebApplicationBuilder builder)
    {
        var portal = PortalOptions.Read(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (portal.KnownProxies.Count > 0)
            {
                options.KnownIPNetworks.Clear();
                options.KnownProxies.Clear();
                foreach (var proxy in portal.KnownProxies)
                {
                    if (IPAddress.TryParse(proxy, out var address))
                    {
                        options.KnownProxies.Add(address);
                    }
                    else if (System.Net.IPNetwork.TryParse(proxy, out var network))
                    {
                        options.KnownIPNetworks.Add(network);
                    }
                }
            }
        });

        if (!builder.Environment.IsDevelopment() && portal.PublicUri is { } publicUri)
        {
            // "*" (the template's default) would let any Host header through, and with it links to another site.
            builder.Services.PostConfigure<HostFilteringOptions>(options =>
            {
                if (options.AllowedHosts.Count == 0 || options.AllowedHosts.Contains("*"))
                {
                    options.AllowedHosts = [publicUri.Host];
                }
            });
        }

        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddHttpsRedirection(options =>
        {
            options.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            options.HttpsPort = portal.PublicUri is { Scheme: "https" } https ? https.Port : null;
        });
        return builder;
    }

    public static WebApplication UsePortalEdge(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Environment.IsDevelopment())
        {
            return app;
        }

        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        if (app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.ServedOverHttps)
        {
            app.UseHsts();
            // Load balancers probe instances over plain HTTP.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), https => https.UseHttpsRedirection());
        }

        return app;
    }
}
