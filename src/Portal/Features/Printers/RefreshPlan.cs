namespace Portal.Features.Printers;

/// <summary>When the refresher should next rotate a token pair (<see cref="RefresherSettings"/>).</summary>
public sealed class RefreshPlan(IOptions<RefresherSettings> settings)
{
    /// <summary>Before the earlier expiry, less a random jitter.</summary>
    public DateTimeOffset NextRefresh(DateTimeOffset accessExpiresAt, DateTimeOffset refreshExpiresAt)
    {
        var options = settings.Value;
        var due = (accessExpiresAt < refreshExpiresAt ? accessExpiresAt : refreshExpiresAt) - options.RefreshBefore;
        return due - TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * options.Jitter.Ticks));
    }
}
