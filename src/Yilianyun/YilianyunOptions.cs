using System.ComponentModel.DataAnnotations;

namespace Yilianyun;

/// <summary>
/// 自有应用 (own app: one token for all the developer's printers, added with addprinter) or
/// 开放应用 (open app: merchants authorize, one token pair per printer).
/// </summary>
public enum YilianyunAppType
{
    Open,
    Own,
}

/// <summary>The platform hosts. Paths are the same on every host; the "/v2" hosts answer in the v2 dialect.</summary>
public static class YilianyunHosts
{
    public const string Domestic = "https://open-api.10ss.net";
    public const string DomesticV2 = "https://open-api.10ss.net/v2";
    public const string Overseas = "https://open-api-os.10ss.net";
    public const string OverseasV2 = "https://open-api-os.10ss.net/v2";
}

/// <summary>Settings of the 易联云 client, bound from a configuration section (by default "Yilianyun").</summary>
public sealed class YilianyunOptions : IValidatableObject
{
    public const string DefaultSectionName = "Yilianyun";

    /// <summary>
    /// Host the client calls, optionally with a path prefix: one of <see cref="YilianyunHosts"/>, or a sandbox such as
    /// <c>http://localhost:5000/sandbox</c>. Calls go to <c>{BaseUrl}/{path}</c>.
    /// </summary>
    [Required]
    public string BaseUrl { get; set; } = YilianyunHosts.Domestic;

    [Required(AllowEmptyStrings = false)]
    public string ClientId { get; set; } = "";

    /// <summary>The app secret. Used only to sign; never logged or put in an exception.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ClientSecret { get; set; } = "";

    public YilianyunAppType AppType { get; set; } = YilianyunAppType.Open;

    /// <summary>Time allowed for one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for a whole call including retries.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for calls that are safe to repeat (see <see cref="YilianyunCallClassifier"/>).</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base delay of the exponential back-off between retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Calls the circuit breaker must see in its window before it may open.</summary>
    [Range(2, 1000)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query))
        {
            yield return new ValidationResult(
                $"{DefaultSectionName}:{nameof(BaseUrl)} must be an absolute http(s) URL without a query, e.g. {YilianyunHosts.Domestic}.",
                [nameof(BaseUrl)]);
        }

        if (TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult(
                $"{DefaultSectionName}:{nameof(TotalTimeout)} must not be shorter than {DefaultSectionName}:{nameof(AttemptTimeout)}.",
                [nameof(TotalTimeout), nameof(AttemptTimeout)]);
        }
    }

    /// <summary>The base address with exactly one trailing slash, so relative paths keep a "/v2" prefix.</summary>
    internal Uri BaseAddress => new(BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
}
