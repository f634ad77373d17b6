namespace Portal.Features.Callbacks;

/// <summary>Settings under <c>Portal:Push:*</c> for the pushes the platform sends.</summary>
public sealed class PushOptions
{
    public const string Section = "Portal:Push";

    /// <summary>
    /// How far a push's <c>push_time</c> may be from the server's clock, either way, for it to be applied. The sign covers
    /// only client id and push time, so this bounds how long a captured sign can be reused; it also absorbs clock skew
    /// and the platform's retries.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FreshnessWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Days the callback inbox keeps a push; older ones are deleted by a background sweep.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 90;
}
