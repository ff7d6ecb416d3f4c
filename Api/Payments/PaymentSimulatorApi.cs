using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Payments;

namespace Api.Payments;

/// <summary>
/// Section <c>PaymentSimulator</c>: a stand-in payment provider for Development and tests, with
/// configurable latency, transient 503s and definitive declines. Off unless enabled.
/// </summary>
public sealed class PaymentSimulatorOptions
{
    public const string Section = "PaymentSimulator";
    public bool Enabled { get; set; }

    [Range(0, 60_000)]
    public int LatencyMs { get; set; }

    [Range(0.0, 1.0)]
    public double TransientFailureRate { get; set; }

    [Range(0.0, 1.0)]
    public double DeclineRate { get; set; }
}

public static class PaymentSimulatorApi
{
    // Like a real provider, a charge is remembered by its Idempotency-Key: a retry gets the first answer.
    private static readonly ConcurrentDictionary<string, (bool Approved, string Reference)> _charges = new();

    public static IEndpointRouteBuilder MapPaymentSimulator(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<PaymentSimulatorOptions>>().Value.Enabled)
        {
            app.MapGroup("/simulated-payments").WithTags("Payment simulator").ExcludeFromDescription()
                .MapPost("/charges", ChargeAsync);
        }
        return app;
    }

    private static async Task<Results<Ok<ChargeAnswer>, JsonHttpResult<ChargeAnswer>, ProblemHttpResult>> ChargeAsync(
        ChargeRequest charge, HttpRequest request, IOptionsMonitor<PaymentSimulatorOptions> options, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (settings.LatencyMs > 0)
        {
            await Task.Delay(settings.LatencyMs, ct);
        }
        if (Random.Shared.NextDouble() < settings.TransientFailureRate)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Simulated transient failure");
        }
        var key = request.Headers[ResilienceExtensions.IdempotencyKeyHeader].ToString() is { Length: > 0 } k ? k : Guid.NewGuid().ToString();
        // Sandbox convention: an address whose local part starts with "decline" is always declined.
        var (approved, reference) = _charges.GetOrAdd(key, _ =>
            (!charge.Email.StartsWith("decline", StringComparison.OrdinalIgnoreCase) && Random.Shared.NextDouble() >= settings.DeclineRate,
             "ch_" + Guid.NewGuid().ToString("N")[..16]));
        return approved
            ? TypedResults.Ok(new ChargeAnswer(reference, "approved", null))
            : TypedResults.Json(new ChargeAnswer(reference, "declined", "card declined"), statusCode: StatusCodes.Status402PaymentRequired);
    }

    public sealed record ChargeAnswer(string Reference, string Status, string? Reason);
}
