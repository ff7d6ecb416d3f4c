using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;

namespace Shop.Payments;

public sealed record ChargeRequest(Guid OrderId, decimal Amount, string Currency, string Email);

public sealed record ChargeResult(bool Approved, string Reference, string? DeclineReason);

/// <summary>Section <c>Payments</c>: where the payment provider lives (the simulator in Development and tests).</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";

    [Required, Url]
    public string BaseUrl { get; set; } = "";
}

/// <summary>
/// The payment provider is an external service: this typed client goes through a standard resilience handler
/// of its own (timeouts, retries, circuit breaker; <c>HttpResilience:Clients:PaymentClient</c>). The order id is
/// the Idempotency-Key, so a retried or redelivered charge is never taken twice.
/// </summary>
public sealed class PaymentClient(HttpClient http)
{
    public async Task<ChargeResult> ChargeAsync(ChargeRequest charge, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "charges") { Content = JsonContent.Create(charge) };
        request.Headers.Add(ResilienceExtensions.IdempotencyKeyHeader, charge.OrderId.ToString());
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.PaymentRequired)
        {
            var declined = await response.Content.ReadFromJsonAsync<ChargeResponse>(ct);
            return new ChargeResult(false, declined?.Reference ?? "", declined?.Reason ?? "declined");
        }
        response.EnsureSuccessStatusCode();
        var approved = await response.Content.ReadFromJsonAsync<ChargeResponse>(ct)
            ?? throw new HttpRequestException("The payment provider answered with an empty body.");
        return new ChargeResult(true, approved.Reference, null);
    }

    private sealed record ChargeResponse(string Reference, string Status, string? Reason);
}
