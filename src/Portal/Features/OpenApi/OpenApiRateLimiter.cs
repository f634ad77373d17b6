using System.Threading.RateLimiting;

namespace Portal.Features.OpenApi;

/// <summary>
/// The open API's request budgets, a fixed window each. A request whose Basic credentials check out spends its
/// client's budget; any other (no header, unknown client, wrong secret, disabled client) spends its address's. The
/// client is only known once its secret is checked, so knowing a client id is not enough to spend, and so lock out,
/// that client's budget.
/// </summary>
public sealed class OpenApiRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _clients;
    private readonly PartitionedRateLimiter<string> _addresses;

    public OpenApiRateLimiter(IOptions<OpenApiOptions> options)
    {
        var settings = options.Value;
        _clients = Create(settings.RequestsPerWindow, settings.RateLimitWindow);
        _addresses = Create(settings.UnverifiedRequestsPerWindow, settings.RateLimitWindow);
    }

    /// <summary>Takes one request from a verified client's budget; false with the wait when it is spent.</summary>
    public bool TryAcquireForClient(string clientId, out TimeSpan retryAfter) => TryAcquire(_clients, clientId, out retryAfter);

    /// <summary>Takes one request from the budget of an address whose caller did not prove a client.</summary>
    public bool TryAcquireForAddress(IPAddress? address, out TimeSpan retryAfter) =>
        TryAcquire(_addresses, address?.ToString() ?? string.Empty, out retryAfter);

    public void Dispose()
    {
        _clients.Dispose();
        _addresses.Dispose();
    }

    private static bool TryAcquire(PartitionedRateLimiter<string> limiter, string key, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        }));
}
