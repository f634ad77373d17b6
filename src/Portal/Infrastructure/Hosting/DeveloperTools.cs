namespace Portal.Infrastructure.Hosting;

/// <summary>
/// Where the developer tools (the platform sandbox's console and printer pages, the mail outbox) may be used: by
/// anyone on a developer's machine; in a demo elsewhere (<c>Portal:Demo=true</c>) by signed-in people only, the
/// consoles by operators; otherwise not at all.
/// </summary>
public sealed record DeveloperTools(bool Enabled, bool OpenToAnonymous)
{
    public static DeveloperTools For(IHostEnvironment environment, PortalOptions options) =>
        new(environment.IsDevelopment() || options.Demo, environment.IsDevelopment());

    /// <summary>Whether this person may read every message of the outbox rather than only their own.</summary>
    public bool ReadsWholeOutbox(ClaimsPrincipal user) => OpenToAnonymous || user.IsOperator();
}

/// <summary>Answers the developer tools' addresses by <see cref="DeveloperTools"/>' rules before they render anything.</summary>
public static class DeveloperToolsGate
{
    private enum Audience { Everyone, SignedIn, Operators }

    public static IApplicationBuilder UseDeveloperToolsGate(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var tools = context.RequestServices.GetRequiredService<DeveloperTools>();
        if (AudienceOf(context.Request.Path) is not { } audience || tools.OpenToAnonymous)
        {
            return next(context);
        }

        var user = context.User;
        var status = !tools.Enabled || user.Identity?.IsAuthenticated != true ? StatusCodes.Status404NotFound
            : audience == Audience.Operators && !user.IsOperator() ? StatusCodes.Status403Forbidden
            : 0;
        if (status == 0)
        {
            return next(context);
        }

        context.Response.StatusCode = status;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            // The not-found page re-executed with a form post would ask for an antiforgery token and answer 400.
            pages.Enabled = false;
        }

        return Task.CompletedTask;
    });

    /// <summary>
    /// The outbox is for signed-in people (each sees their own mail); the sandbox's console and printer pages show
    /// every company's receipts and apps, so they are for operators; its consent page is for people connecting a
    /// printer. The sandbox's API paths carry their own credentials and stay as the platform has them.
    /// </summary>
    private static Audience? AudienceOf(PathString path) =>
        path.StartsWithSegments("/dev") ? Audience.SignedIn
        : path.StartsWithSegments(YilianyunSettings.SandboxPath, out var rest)
            ? rest.StartsWithSegments("/admin") || rest.StartsWithSegments("/printers") ? Audience.Operators
            : rest.StartsWithSegments("/oauth/authorize") || rest.StartsWithSegments("/v2/oauth/authorize") ? Audience.SignedIn
            : null
        : null;
}
