using System.Net;
using Microsoft.AspNetCore.Mvc;

namespace Web.Ordering;

public sealed record OrderLineView(int ItemId, string ItemName, decimal UnitPrice, int Quantity);

public sealed record OrderStatusChangeView(string Status, string Reason, DateTimeOffset At);

public sealed record OrderView(
    Guid Id, string Email, string Status, decimal Total, DateTimeOffset CreatedAt, bool IsFinal, bool Archived,
    IReadOnlyList<OrderLineView> Lines, IReadOnlyList<OrderStatusChangeView> History);

/// <summary>The outcome of a checkout: the accepted order's id, or why it was refused (and which field, if one).</summary>
public sealed record PlaceResult(Guid? OrderId, string? Error, string? Field = null);

/// <summary>Orders through Api. The idempotency key comes from the checkout form, so a resubmit is the same order.</summary>
public sealed class OrderClient(HttpClient http)
{
    public async Task<PlaceResult> PlaceAsync(string idempotencyKey, string email, IEnumerable<(int ItemId, int Quantity)> lines, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { email, lines = lines.Select(l => new { itemId = l.ItemId, quantity = l.Quantity }) }),
        };
        request.Headers.Add(ResilienceExtensions.IdempotencyKeyHeader, idempotencyKey);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var accepted = await response.Content.ReadFromJsonAsync<Accepted>(ct);
            return new PlaceResult(accepted!.Id, null);
        }
        if ((int)response.StatusCode is >= 400 and < 500)
        {
            var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ct);
            var field = problem?.Errors.Keys.FirstOrDefault();
            var detail = problem?.Errors.Values.SelectMany(v => v).FirstOrDefault() ?? problem?.Detail ?? problem?.Title;
            return new PlaceResult(null, detail ?? "The order was refused.", field);
        }
        response.EnsureSuccessStatusCode();
        return new PlaceResult(null, "Unexpected answer from the shop.");
    }

    /// <summary>A storefront read: it gets <see cref="Catalog.CatalogClient.ReadBudget"/>, then the page shows its friendly error.</summary>
    public async Task<OrderView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(Catalog.CatalogClient.ReadBudget);
        using var response = await http.GetAsync($"/api/orders/{id}", budget.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<OrderView>(ct);
    }

    private sealed record Accepted(Guid Id, string Status);
}
