using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Yilianyun.Push;

namespace Yilianyun;

public static class YilianyunServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient (and its resilience pipeline) behind every Yilianyun client.</summary>
    public const string HttpClientName = "Yilianyun";

    /// <summary>
    /// Registers <see cref="IYilianyunClient"/> (plus <see cref="IYilianyunClientFactory"/> for run-time credentials and
    /// <see cref="YilianyunPushVerifier"/>) as a typed HttpClient bound to <paramref name="section"/>
    /// (validated at start-up), with timeouts, retries for repeat-safe calls and a circuit breaker.
    /// Returns the HttpClient builder so hosts can add handlers (or replace the primary handler in tests).
    /// </summary>
    public static IHttpClientBuilder AddYilianyunClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddYilianyunClient(options => section.Bind(options));
    }

    /// <summary>Same as the configuration overload, with options set in code.</summary>
    public static IHttpClientBuilder AddYilianyunClient(this IServiceCollection services, Action<YilianyunOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<YilianyunOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<YilianyunPushVerifier>();
        services.TryAddSingleton<IYilianyunClientFactory, YilianyunClientFactory>();

        var builder = services.AddHttpClient<IYilianyunClient, YilianyunClient>(HttpClientName, (provider, client) =>
        {
            client.BaseAddress = provider.GetRequiredService<IOptions<YilianyunOptions>>().Value.BaseAddress;
            // The resilience pipeline owns the timeouts.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddResilienceHandler("yilianyun", (pipeline, context) =>
            ConfigurePipeline(pipeline, context.ServiceProvider.GetRequiredService<IOptions<YilianyunOptions>>().Value));
        return builder;
    }

    /// <summary>Total timeout → retry (repeat-safe calls only) → circuit breaker → per-attempt timeout.</summary>
    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, YilianyunOptions options)
    {
        pipeline
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.TotalTimeout })
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = arguments => ValueTask.FromResult(
                    options.MaxRetryAttempts > 0
                    && YilianyunCallClassifier.MayRetry(arguments.Context.GetRequestMessage())
                    && HttpClientResiliencePredicates.IsTransient(arguments.Outcome)),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                // The library requires the sampling window to be at least twice the attempt timeout.
                SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2)),
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }
}
