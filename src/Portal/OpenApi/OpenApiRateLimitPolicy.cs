using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portal.OpenApi;

/// <summary>
/// A fixed window per client (the Basic user name), or per remote address when the header names no client. A rejected
/// call gets 429 with Retry-After and the document's envelope, instead of the middleware's default 503.
/// </summary>
internal sealed class OpenApiRateLimitPolicy(IOptions<OpenApiOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "open-api";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var key = OpenApiHandler.ClientIdFromHeader(httpContext.Request.Headers.Authorization) is { } clientId
            ? "client:" + clientId
            : "address:" + httpContext.Connection.RemoteIpAddress;
        var settings = options.Value;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.RequestsPerWindow,
            Window = settings.RateLimitWindow,
            QueueLimit = 0,
        });
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, _) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        OpenApiResponse.TryParseFormat(context.HttpContext.Request.RouteValues["format"], out var format);
        await OpenApiResponse.WriteErrorAsync(context.HttpContext, format, OpenApiCode.TooManyRequests);
    };
}
