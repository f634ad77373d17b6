using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Portal.Features.Account.Pages;
using Portal.Features.Account.Pages.Manage;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    // A file the person reads: Chinese names stay readable instead of becoming \uXXXX escapes.
    private static readonly JsonSerializerOptions PersonalDataJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // These endpoints are required by the Identity Razor components defined in the /Features/Account/Pages directory of this project.
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account").AddEndpointFilter(RefuseForgedPostsAsync);

        accountGroup.MapPost("/PerformExternalLogin", async (
            HttpContext context,
            [FromServices] SignInManager<PortalUser> signInManager) =>
        {
            var form = await FormAsync(context);
            if (await ExternalProviderAsync(signInManager, form) is not { } provider)
            {
                return Results.BadRequest();
            }

            IEnumerable<KeyValuePair<string, StringValues>> query = [
                new("ReturnUrl", form["returnUrl"]),
                new("Action", ExternalLogin.LoginCallbackAction)];

            var redirectUrl = UriHelper.BuildRelative(
                context.Request.PathBase,
                "/Account/ExternalLogin",
                QueryString.Create(query));

            var properties = signInManager.ConfigureExternalAuthenticationProperties(provider, redirectUrl);
            return Results.Challenge(properties, [provider]);
        });

        accountGroup.MapPost("/Logout", async (
            HttpContext context,
            [FromServices] SignInManager<PortalUser> signInManager) =>
        {
            var form = await FormAsync(context);
            // A new security stamp ends every session of this user, a copied cookie included, within a minute.
            if (await signInManager.UserManager.GetUserAsync(context.User) is { } signedIn)
            {
                await signInManager.UserManager.UpdateSecurityStampAsync(signedIn);
            }

            await signInManager.SignOutAsync();

            // The return URL comes from the form; anything that is not a path of this site goes home.
            var target = $"~/{form["returnUrl"]}";
            return Results.LocalRedirect(IsLocalPath(target) ? target : "~/");
        });

        accountGroup.MapPost("/PasskeyCreationOptions", async (
            HttpContext context,
            [FromServices] UserManager<PortalUser> userManager,
            [FromServices] SignInManager<PortalUser> signInManager) =>
        {

            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound($"Unable to load user with ID '{userManager.GetUserId(context.User)}'.");
            }

            var userId = await userManager.GetUserIdAsync(user);
            var userName = await userManager.GetUserNameAsync(user) ?? "User";
            var optionsJson = await signInManager.MakePasskeyCreationOptionsAsync(new()
            {
                Id = userId,
                Name = userName,
                DisplayName = userName
            });
            return Results.Content(optionsJson, contentType: "application/json");
        });

        accountGroup.MapPost("/PasskeyRequestOptions", async (
            HttpContext context,
            [FromServices] UserManager<PortalUser> userManager,
            [FromServices] SignInManager<PortalUser> signInManager,
            [FromQuery] string? username) =>
        {

            var user = string.IsNullOrEmpty(username) ? null : await userManager.FindByNameAsync(username);
            var optionsJson = await signInManager.MakePasskeyRequestOptionsAsync(user);
            return Results.Content(optionsJson, contentType: "application/json");
        });

        var manageGroup = accountGroup.MapGroup("/Manage").RequireAuthorization();

        manageGroup.MapPost("/LinkExternalLogin", async (
            HttpContext context,
            [FromServices] SignInManager<PortalUser> signInManager) =>
        {
            if (await ExternalProviderAsync(signInManager, await FormAsync(context)) is not { } provider)
            {
                return Results.BadRequest();
            }

            // Clear the existing external cookie to ensure a clean login process
            await context.SignOutAsync(IdentityConstants.ExternalScheme);

            var redirectUrl = UriHelper.BuildRelative(
                context.Request.PathBase,
                "/Account/Manage/ExternalLogins",
                QueryString.Create("Action", ExternalLogins.LinkLoginCallbackAction));

            var properties = signInManager.ConfigureExternalAuthenticationProperties(provider, redirectUrl, signInManager.UserManager.GetUserId(context.User));
            return Results.Challenge(properties, [provider]);
        });

        var loggerFactory = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>();
        var downloadLogger = loggerFactory.CreateLogger("DownloadPersonalData");

        manageGroup.MapPost("/DownloadPersonalData", async (
            HttpContext context,
            [FromServices] UserManager<PortalUser> userManager) =>
        {

            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound($"Unable to load user with ID '{userManager.GetUserId(context.User)}'.");
            }

            var userId = await userManager.GetUserIdAsync(user);
            downloadLogger.LogInformation("User with ID '{UserId}' asked for their personal data.", userId);

            // Only include personal data for download
            var personalData = new Dictionary<string, string>();
            var personalDataProps = typeof(PortalUser).GetProperties().Where(
                prop => Attribute.IsDefined(prop, typeof(PersonalDataAttribute)));
            foreach (var p in personalDataProps)
            {
                personalData.Add(p.Name, p.GetValue(user)?.ToString() ?? "null");
            }

            // The profile fields the open API shares with providers are personal data too.
            personalData.Add(nameof(PortalUser.TrueName), user.TrueName ?? "null");
            personalData.Add(nameof(PortalUser.Sex), user.Sex.ToString());
            personalData.Add(nameof(PortalUser.AvatarUrl), user.AvatarUrl ?? "null");
            personalData.Add(nameof(PortalUser.CreatedAt), user.CreatedAt.ToString("O"));

            var logins = await userManager.GetLoginsAsync(user);
            foreach (var l in logins)
            {
                personalData.Add($"{l.LoginProvider} external login provider key", l.ProviderKey);
            }

            personalData.Add("Authenticator Key", await userManager.GetAuthenticatorKeyAsync(user) ?? "null");
            var fileBytes = JsonSerializer.SerializeToUtf8Bytes(personalData, PersonalDataJson);

            context.Response.Headers.TryAdd("Content-Disposition", "attachment; filename=PersonalData.json");
            return Results.File(fileBytes, contentType: "application/json", fileDownloadName: "PersonalData.json");
        });

        return accountGroup;
    }

    /// <summary>
    /// Every post to these endpoints comes from one of the portal's own pages: without a valid antiforgery token it is a
    /// bad request (400), so another site's form cannot make a signed-in browser sign out, link a login or download data.
    /// (Binding the form with <c>[FromForm]</c> would instead throw on the failed check and answer 500.)
    /// </summary>
    private static async ValueTask<object?> RefuseForgedPostsAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        await invocation.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(invocation.HttpContext)
            ? await next(invocation)
            : Results.BadRequest();

    private static async Task<IFormCollection> FormAsync(HttpContext context) =>
        context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : FormCollection.Empty;

    /// <summary>The provider the form names, if it is one this portal signs in with: a challenge to any other would throw.</summary>
    private static async Task<string?> ExternalProviderAsync(SignInManager<PortalUser> signInManager, IFormCollection form)
    {
        var provider = form["provider"].ToString();
        return (await signInManager.GetExternalAuthenticationSchemesAsync()).Any(s => s.Name == provider) ? provider : null;
    }

    /// <summary>The same test <c>LocalRedirect</c> applies, so a crafted return URL cannot turn into a server error.</summary>
    private static bool IsLocalPath(string url) =>
        url.StartsWith("~/", StringComparison.Ordinal)
        && !url.StartsWith("~//", StringComparison.Ordinal)
        && !url.StartsWith("~/\\", StringComparison.Ordinal)
        && Uri.IsWellFormedUriString(url[1..], UriKind.Relative);
}
