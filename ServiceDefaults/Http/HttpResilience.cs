using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace ServiceDefaults.Http;

/// <summary>
/// What Microsoft.Extensions.Http.Resilience's standard handler gives, on Polly.Core alone:
/// total timeout, jittered exponential retries, circuit breaker, per-attempt timeout.
/// </summary>
public static class HttpResilience
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("shop.http.request");

    public static IServiceCollection AddHttpResilience(this IServiceCollection services)
    {
        services.AddOptions<HttpResilienceOptions>()
            .BindConfiguration(HttpResilienceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IConfigureOptions<HttpResilienceOptions>, PerClientResilienceOptions>();
        services.AddSingleton<ResiliencePipelineRegistry<string>>();
        return services;
    }

    /// <summary>Adds the handler; each named client gets its own pipeline, so one broken circuit stays local.</summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder http)
    {
        // Under ConfigureHttpClientDefaults the builder has no name; the handler builder knows it.
        http.Services.Configure<HttpClientFactoryOptions>(http.Name, factory =>
            factory.HttpMessageHandlerBuilderActions.Add(handlers =>
            {
                var registry = handlers.Services.GetRequiredService<ResiliencePipelineRegistry<string>>();
                var options = handlers.Services.GetRequiredService<IOptionsMonitor<HttpResilienceOptions>>().Get(handlers.Name ?? "");
                var pipeline = registry.GetOrAddPipeline<HttpResponseMessage>(handlers.Name ?? "", b => Configure(b, options));
                handlers.AdditionalHandlers.Add(new ResilienceHandler(pipeline));
            }));
        return http;
    }

    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpResilienceOptions o) => builder
        .AddTimeout(o.TotalTimeout)
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = o.MaxRetryAttempts,
            Delay = o.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(
                IsSafeToRetry(args.Context) && IsTransient(args.Outcome)),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = o.BreakerFailureRatio,
            MinimumThroughput = o.BreakerMinimumThroughput,
            SamplingDuration = o.BreakerSamplingDuration,
            BreakDuration = o.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        })
        .AddTimeout(o.AttemptTimeout);

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } r } => (int)r.StatusCode >= 500
            || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    /// <summary>POST and PATCH may have taken effect; retry them only when the request says a repeat is harmless.</summary>
    private static bool IsSafeToRetry(ResilienceContext context)
    {
        if (!context.Properties.TryGetValue(RequestKey, out var request))
        {
            return false;
        }
        var method = request.Method;
        return method != HttpMethod.Post && method != HttpMethod.Patch
            || request.Headers.Contains(IdempotencyKeyHeader);
    }
}
