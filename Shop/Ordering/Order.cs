using System.Text.Json.Serialization;

namespace Shop.Ordering;

/// <summary>Serialised by name everywhere (API, messages, stored responses), never as a number.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    Placed,
    StockReserved,
    Paid,
    Confirmed,
    Rejected,
    PaymentFailed,
}

public sealed class Order
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public OrderStatus Status { get; set; }
    public decimal Total { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's xmin: a concurrency token, so two deliveries cannot both move the order on.</summary>
    public uint Version { get; set; }

    /// <summary>Set while the order is being archived (see ArchiveOrdersJob); the row goes once the archive is verified.</summary>
    public Guid? ArchiveBatch { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
    public List<OrderStatusChange> History { get; set; } = [];

    public bool IsFinal => Status is OrderStatus.Confirmed or OrderStatus.Rejected or OrderStatus.PaymentFailed;

    /// <summary>Every transition is recorded with its reason, so the history explains the status.</summary>
    public void MoveTo(OrderStatus status, string reason, DateTimeOffset at)
    {
        Status = status;
        UpdatedAt = at;
        History.Add(new OrderStatusChange { OrderId = Id, Status = status, Reason = reason, At = at });
    }
}

public sealed class OrderLine
{
    public Guid OrderId { get; set; }
    public int LineNo { get; set; }
    public int ItemId { get; set; }
    public required string ItemName { get; set; }
    public decimal UnitPrice { get; set; }
    public int Quantity { get; set; }
}

public sealed class OrderStatusChange
{
    public long Id { get; set; }
    public Guid OrderId { get; set; }
    public OrderStatus Status { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
}
