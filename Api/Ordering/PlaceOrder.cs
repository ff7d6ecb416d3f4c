using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.Data;
using Shop.Messaging;
using Shop.Ordering;

namespace Api.Ordering;

/// <summary>
/// POST /api/orders: validates, then stores the order, its OrderPlaced outbox message and the
/// idempotency record in one transaction, and answers 202 at once; the Worker does the rest.
/// A repeated key is found by the failed insert, not by a lookup on every request.
/// </summary>
internal static class PlaceOrder
{
    /// <summary>The stricter budget for placing orders (<c>RateLimits:orders</c>), on top of the global one.</summary>
    public const string RateLimitPolicy = "orders";

    public static async Task<Results<Accepted<OrderAccepted>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        [FromHeader(Name = ResilienceExtensions.IdempotencyKeyHeader)] string? idempotencyKey, PlaceOrderRequest? request,
        ShopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = OrderValidation.Validate(idempotencyKey, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var key = idempotencyKey!;
        var hash = RequestHash(request!);
        var now = clock.GetUtcNow();
        var ids = request!.Lines!.Select(l => l.ItemId).Distinct().ToList();
        var items = await db.CatalogItems.Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.Name, i.Price })
            .ToDictionaryAsync(i => i.Id, i => (i.Name, i.Price), ct);
        var missing = OrderValidation.MissingItems(request.Lines!, items.Keys);
        if (missing.Count > 0)
        {
            // A retry of an order accepted before its item was withdrawn still gets the first answer.
            return await FindLiveKeyAsync(db, key, now, ct) is { } earlier ? Replay(earlier, hash) : TypedResults.ValidationProblem(missing);
        }

        var order = new Order { Id = Guid.CreateVersion7(now), Email = request.Email!.Trim(), CreatedAt = now };
        order.Lines.AddRange(request.Lines!.Select((l, i) => new OrderLine
        {
            OrderId = order.Id, LineNo = i + 1, ItemId = l.ItemId, ItemName = items[l.ItemId].Name,
            UnitPrice = items[l.ItemId].Price, Quantity = l.Quantity,
        }));
        order.Total = order.Lines.Sum(l => l.UnitPrice * l.Quantity);
        order.MoveTo(OrderStatus.Placed, "Order accepted.", now);
        var accepted = new OrderAccepted(order.Id, order.Status);
        var location = $"/api/orders/{order.Id}";
        var record = new IdempotencyRecord
        {
            Key = key, RequestHash = hash, StatusCode = StatusCodes.Status202Accepted,
            ResponseBody = JsonSerializer.Serialize(accepted, JsonSerializerOptions.Web), Location = location,
            CreatedAt = now, ExpiresAt = now + ResilienceExtensions.IdempotencyKeyLifetime,
        };
        // The key's unique index is the check: no lookup before the insert, one transaction on the usual path.
        for (var attempt = 1; ; attempt++)
        {
            db.Orders.Add(order);
            db.Publish(new OrderPlaced(order.Id), order.Id.ToString(), now);
            db.IdempotencyKeys.Add(record);
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Accepted(location, accepted);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
                // The key was used before, or by a concurrent request that committed first: answer as it did.
                if (await FindLiveKeyAsync(db, key, now, ct) is { } earlier)
                {
                    return Replay(earlier, hash);
                }
                if (attempt > 1)
                {
                    throw;
                }
                // Expired: the key may be used again.
                await db.IdempotencyKeys.Where(k => k.Key == key && k.ExpiresAt <= now).ExecuteDeleteAsync(ct);
            }
        }
    }

    private static async Task<IdempotencyRecord?> FindLiveKeyAsync(ShopDbContext db, string key, DateTimeOffset now, CancellationToken ct) =>
        await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Key == key && k.ExpiresAt > now, ct);

    private static Results<Accepted<OrderAccepted>, ValidationProblem, ProblemHttpResult> Replay(IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                detail: $"The {ResilienceExtensions.IdempotencyKeyHeader} was already used with a different request body.");
        }
        var body = JsonSerializer.Deserialize<OrderAccepted>(record.ResponseBody, JsonSerializerOptions.Web)!;
        return TypedResults.Accepted(record.Location, body);
    }

    /// <summary>The request as parsed (not as sent), so formatting differences do not count as a different body.</summary>
    private static string RequestHash(PlaceOrderRequest request)
    {
        var canonical = JsonSerializer.Serialize(new PlaceOrderRequest(request.Email?.Trim(), request.Lines), JsonSerializerOptions.Web);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
