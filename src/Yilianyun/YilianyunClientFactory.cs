namespace Yilianyun;

/// <summary>App credentials supplied at run time (for example stored per tenant). ToString() never shows the secret.</summary>
public sealed record YilianyunCredentials(string ClientId, string ClientSecret, YilianyunAppType AppType)
{
    public override string ToString() => $"YilianyunCredentials {{ ClientId = {ClientId}, AppType = {AppType} }}";
}

/// <summary>Creates clients for credentials other than the configured ones, sharing the configured host, timeouts and resilience pipeline.</summary>
public interface IYilianyunClientFactory
{
    IYilianyunClient Create(YilianyunCredentials credentials);
}

internal sealed class YilianyunClientFactory(IHttpClientFactory httpClients, IOptions<YilianyunOptions> options, TimeProvider time)
    : IYilianyunClientFactory
{
    public IYilianyunClient Create(YilianyunCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(credentials.ClientId);
        ArgumentException.ThrowIfNullOrEmpty(credentials.ClientSecret);
        var configured = options.Value;
        var settings = new YilianyunOptions
        {
            BaseUrl = configured.BaseUrl,
            ClientId = credentials.ClientId,
            ClientSecret = credentials.ClientSecret,
            AppType = credentials.AppType,
            AttemptTimeout = configured.AttemptTimeout,
            TotalTimeout = configured.TotalTimeout,
            MaxRetryAttempts = configured.MaxRetryAttempts,
            RetryBaseDelay = configured.RetryBaseDelay,
            CircuitBreakerMinimumThroughput = configured.CircuitBreakerMinimumThroughput,
        };
        return new YilianyunClient(httpClients.CreateClient(YilianyunServiceCollectionExtensions.HttpClientName), Options.Create(settings), time);
    }
}
