using System.Threading.RateLimiting;
using Scalar.AspNetCore;

namespace Portal.Features.PrintApi;

/// <summary>The print API for programs: keys, the calls under <see cref="RoutePrefix"/>, its rate limit and its OpenAPI document.</summary>
public static class PrintApiRegistration
{
    public const string RoutePrefix = "/api/v1";

    /// <summary>The OpenAPI document's name, and the group name of the endpoints it describes.</summary>
    public const string DocumentName = "v1";

    public const string DescriptionPath = "/openapi/" + DocumentName + ".json";

    /// <summary>The browsable reference of <see cref="DescriptionPath"/> (Scalar), with a curl example per call.</summary>
    public const string ReferencePath = "/developers/print-api/reference";

    /// <summary>The keys page, which also lists the API's errors (each problem's <c>type</c> points there).</summary>
    public const string PagePath = "developers/print-api";

    private const string RateLimitPolicy = "print-api";

    public static IServiceCollection AddPrintApi(this IServiceCollection services)
    {
        services.AddOptions<PrintApiOptions>().BindConfiguration(PrintApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PrintApiKeyService>();
        services.AddScoped<PrintApiReads>();
        services.AddScoped<PrintApiPrinting>();

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PrintApiKeyAuthentication>(ApiKeyCaller.Scheme, configureOptions: null);
        services.AddAuthorization(options =>
        {
            foreach (var scope in PrintApiScope.All)
            {
                options.AddPolicy(scope.Policy, policy => policy.AddAuthenticationSchemes(ApiKeyCaller.Scheme).RequireAuthenticatedUser().RequireClaim(ApiKeyCaller.ScopeClaim, scope.Name));
            }
        });
        services.AddRateLimiter(options =>
        {
            // Runs after authorization, so every request here carries its key: one budget per key.
            options.AddPolicy(RateLimitPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<PrintApiOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ApiKeyCaller.KeyId(context.User)?.ToString("N") ?? "", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.RequestsPerWindow,
                    Window = settings.RateLimitWindow,
                    QueueLimit = 0,
                });
            });
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(PrintApiProblem.TooManyRequests.WriteAsync(rejected.HttpContext,
                    $"This key has used its calls for now; try again in {seconds} seconds."));
            };
        });
        services.AddOpenApi(DocumentName, PrintApiDocument.Configure);
        return services;
    }

    /// <summary>The calls, each behind its scope's policy and the per-key rate limit, and the OpenAPI document at <see cref="DescriptionPath"/>.</summary>
    public static IEndpointRouteBuilder MapPrintApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(RoutePrefix)
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimitPolicy)
            .WithGroupName(DocumentName)
            .AddEndpointFilter(async (context, next) =>
            {
                // The services read the caller from the authentication state: here, the key this request authenticated with.
                if (context.HttpContext.RequestServices.GetRequiredService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
                {
                    host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.HttpContext.User)));
                }

                return await next(context);
            });
        PrintApiEndpoints.Map(api);

        // Any other address under the prefix is a program's mistake: it gets a problem, not the site's HTML page.
        endpoints.Map(RoutePrefix + "/{**rest}", (HttpContext context, PortalLinks links) =>
                PrintApiProblem.NotFound.Result(links, $"There is no call at {context.Request.Method} {context.Request.Path}."))
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

        endpoints.MapOpenApi("/openapi/{documentName:regex(^" + DocumentName + "$)}.json").AllowAnonymous();
        endpoints.MapScalarApiReference(ReferencePath, PrintApiReference.Configure)
            .AllowAnonymous();
        return endpoints;
    }
}
