namespace Portal.Features.Webhooks;

/// <summary>
/// The webhook dispatcher's settings. <see cref="AllowPrivateAddresses"/> lets endpoints on loopback, private and
/// link-local addresses (and plain http) through: for development and tests only, never where the portal faces the internet.
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Off: deliveries are still written, but this instance sends none (another instance may).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the dispatcher looks for due deliveries when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a claim keeps other instances off a delivery; longer than a request may take.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the delivery log keeps delivered and failed deliveries.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Deliveries sent at once by one instance.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Lease <= RequestTimeout)
        {
            yield return new ValidationResult($"{Section}:Lease must be longer than {Section}:RequestTimeout.", [nameof(Lease)]);
        }
    }
}
