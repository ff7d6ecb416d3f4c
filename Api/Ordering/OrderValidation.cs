using Shop.Ordering;

namespace Api.Ordering;

/// <summary>Every rule of POST /api/orders that needs no database; a failure stores nothing.</summary>
internal static class OrderValidation
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 100;

    public static Dictionary<string, string[]> Validate(string? idempotencyKey, PlaceOrderRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 200)
        {
            errors[ResilienceExtensions.IdempotencyKeyHeader] = [$"The {ResilienceExtensions.IdempotencyKeyHeader} header is required (1 to 200 characters)."];
        }
        if (request is null)
        {
            errors["body"] = ["A JSON body { email, lines: [ { itemId, quantity } ] } is required."];
            return errors;
        }
        if (!EmailRule.IsValid(request.Email?.Trim()))
        {
            errors["email"] = ["email must be a well-formed address such as name@example.com."];
        }
        if (request.Lines is not { Count: >= 1 and <= MaxLines })
        {
            errors["lines"] = [$"An order has 1 to {MaxLines} lines."];
            return errors;
        }
        for (var i = 0; i < request.Lines.Count; i++)
        {
            if (request.Lines[i] is not { } line)
            {
                errors[$"lines[{i}]"] = ["A line must not be null."];
                continue;
            }
            if (line.Quantity is < 1 or > MaxQuantity)
            {
                errors[$"lines[{i}].quantity"] = [$"quantity must be between 1 and {MaxQuantity}."];
            }
            if (line.ItemId < 1)
            {
                errors[$"lines[{i}].itemId"] = ["itemId must be a catalog item id."];
            }
        }
        return errors;
    }

    public static Dictionary<string, string[]> MissingItems(List<OrderLineRequest> lines, IEnumerable<int> found)
    {
        var known = found.ToHashSet();
        return lines.Select((l, i) => (l, i)).Where(x => !known.Contains(x.l.ItemId))
            .ToDictionary(x => $"lines[{x.i}].itemId", x => new[] { $"Catalog item {x.l.ItemId} does not exist." });
    }
}
