using Shop.Ordering;

namespace Api.Ordering;

public sealed record PlaceOrderRequest(string? Email, List<OrderLineRequest>? Lines);

public sealed record OrderLineRequest(int ItemId, int Quantity);

public sealed record OrderAccepted(Guid Id, OrderStatus Status);

public sealed record OrderLineDto(int ItemId, string ItemName, decimal UnitPrice, int Quantity);

public sealed record OrderStatusChangeDto(OrderStatus Status, string Reason, DateTimeOffset At);

public sealed record OrderDetails(
    Guid Id, string Email, OrderStatus Status, decimal Total, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    bool IsFinal, bool Archived, IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<OrderStatusChangeDto> History);
