namespace Portal.Infrastructure.Hosting;

/// <summary>
/// Headers on every answer that tell browsers what the portal never needs: to be framed by another site (clickjacking
/// of the revoke and print buttons), to guess a content type, to send the full address to other sites, to use the
/// camera, microphone or location, or to run a script the portal did not serve itself. The one inline script, the
/// import map, carries a per-request nonce. Styles stay unrestricted: Blazor and MudBlazor write inline styles.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "portal.csp-nonce";

    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Hex, not base64: a '+' or '/' would be HTML-encoded in the page's attribute and no longer read as written.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = $"script-src 'self' 'nonce-{nonce}'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    });

    /// <summary>The nonce this request's policy allows inline scripts with.</summary>
    public static string? Nonce(HttpContext context) => context.Items[NonceKey] as string;
}
