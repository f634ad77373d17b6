namespace Portal.Hosting;

/// <summary>
/// Headers on every answer that tell browsers what the portal never needs: to be framed by another site (clickjacking
/// of the revoke and print buttons), to guess a content type, to send the full address to other sites, or to use the
/// camera, microphone or location. A full script policy is left out: Blazor and MudBlazor rely on inline styles.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    });
}
