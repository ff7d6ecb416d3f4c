using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Microsoft.Extensions.Http.Resilience's standard handler, set up from configuration: the
/// <c>HttpResilience</c> section holds <see cref="HttpStandardResilienceOptions"/> for every client, and
/// <c>HttpResilience:Clients:&lt;client name&gt;</c> overrides them for a client registered with
/// <see cref="AddOwnResilienceHandler"/>.
/// </summary>
public static class ResilienceExtensions
{
    public const string Section = "HttpResilience";

    /// <summary>
    /// An IETF-drafted request header: a request that carries one may be repeated without a second effect,
    /// because the server answers a repeat with the first result.
    /// </summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>How long a server answers a repeated <see cref="IdempotencyKeyHeader"/> with its first result.</summary>
    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// The standard handler. One pipeline per authority (scheme, host and port): under
    /// ConfigureHttpClientDefaults every client would otherwise share one circuit breaker, and one broken
    /// dependency would open the circuit to all of them.
    /// </summary>
    public static IHttpStandardResiliencePipelineBuilder AddDefaultResilienceHandler(this IHttpClientBuilder http)
    {
        var clientName = http.Name;
        return http.AddStandardResilienceHandler()
            .Configure((options, services) =>
            {
                var configuration = services.GetRequiredService<IConfiguration>();
                configuration.GetSection(Section).Bind(options);
                if (!string.IsNullOrEmpty(clientName))
                {
                    configuration.GetSection($"{Section}:Clients:{clientName}").Bind(options);
                }
                options.Retry.ShouldHandle = RetryOnlyWhatMayBeRepeated(options.Retry.ShouldHandle);
            })
            .SelectPipelineByAuthority();
    }

    /// <summary>
    /// Replaces the default handler of this client with one of its own, configured from
    /// <c>HttpResilience:Clients:&lt;client name&gt;</c> over <c>HttpResilience</c>: for a dependency whose
    /// failures need other limits than the rest (a payment provider's brown-outs, for example).
    /// </summary>
    public static IHttpClientBuilder AddOwnResilienceHandler(this IHttpClientBuilder http)
    {
#pragma warning disable EXTEXP0001 // the documented way to override the handler added by ConfigureHttpClientDefaults
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddDefaultResilienceHandler();
        return http;
    }

    /// <summary>
    /// POST and PATCH may have taken effect before a failure was seen: retry them only when they carry an
    /// <see cref="IdempotencyKeyHeader"/>. Everything else keeps the standard transient-failure rule.
    /// </summary>
    private static Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> RetryOnlyWhatMayBeRepeated(
        Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> isTransient) => async args =>
    {
        if (!await isTransient(args))
        {
            return false;
        }
#pragma warning disable EXTEXP0001 // the request of an outcome that has no response (a timeout, a refused connection)
        var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
#pragma warning restore EXTEXP0001
        return request is not null && (request.Method != HttpMethod.Post && request.Method != HttpMethod.Patch
            || request.Headers.Contains(IdempotencyKeyHeader));
    };
}
