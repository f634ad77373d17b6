using Microsoft.AspNetCore.Components;

namespace Portal.Features.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager, IStringLocalizer<IdentityRedirectManager> L)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri) => navigationManager.NavigateTo(LocalOrHome(uri));

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    /// <summary>The signed-in account no longer exists (deleted in another tab, for instance).</summary>
    public void RedirectToInvalidUser(HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", "Error: " + L["Your account could not be loaded. It may have been deleted; log in again."], context);

    /// <summary>
    /// Keeps redirects inside the portal: a return URL comes from the query string, so it may point anywhere or be
    /// malformed. Anything that is not a path of this site sends the user home instead.
    /// </summary>
    private string LocalOrHome(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return "";
        }

        if (Uri.IsWellFormedUriString(uri, UriKind.Relative))
        {
            // "//host" and "/\host" are protocol-relative to browsers.
            return uri.StartsWith("//", StringComparison.Ordinal) || uri.StartsWith("/\\", StringComparison.Ordinal) ? "" : uri;
        }

        return uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase)
            ? navigationManager.ToBaseRelativePath(uri)
            : "";
    }
}
