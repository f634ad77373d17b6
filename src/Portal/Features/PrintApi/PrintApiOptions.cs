namespace Portal.Features.PrintApi;

/// <summary>The print API's rate limit: at most <see cref="RequestsPerWindow"/> calls per key in each window.</summary>
public sealed class PrintApiOptions
{
    public const string Section = "PrintApi";

    [Range(1, 1_000_000)]
    public int RequestsPerWindow { get; set; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
