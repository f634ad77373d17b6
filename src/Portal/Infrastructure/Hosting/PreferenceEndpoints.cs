namespace Portal.Infrastructure.Hosting;

/// <summary>
/// Language and light/dark choices, remembered in cookies for a year. They are plain links that reload the page, so
/// they work the same on interactive pages and on the static account pages.
/// </summary>
public static class PreferenceEndpoints
{
    public const string ThemeCookie = "portal.theme";

    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/preferences").AllowAnonymous();
        group.MapGet("/culture", (HttpContext context, string? culture, string? returnUrl) =>
        {
            var chosen = SupportedCultures.Normalize(culture);
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                LongLived());
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });
        group.MapGet("/theme", (HttpContext context, string? mode, string? returnUrl) =>
        {
            context.Response.Cookies.Append(ThemeCookie, mode == "dark" ? "dark" : "light", LongLived());
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });
        return endpoints;
    }

    public static bool PrefersDark(HttpContext? context) => context?.Request.Cookies[ThemeCookie] == "dark";

    /// <summary>Only same-site paths: an absolute or protocol-relative URL would make this an open redirect.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    private static CookieOptions LongLived() => new()
    {
        Expires = DateTimeOffset.UtcNow.AddYears(1),
        IsEssential = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
    };
}
