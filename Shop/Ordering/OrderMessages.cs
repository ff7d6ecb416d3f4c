using Shop.Messaging;

namespace Shop.Ordering;

/// <summary>An order was accepted (the order pipeline's queue); the Worker reserves stock, charges and confirms it.</summary>
public sealed record OrderPlaced(Guid OrderId) : IMessage
{
    public static string Queue => ResourceNames.OrdersQueue;
}

/// <summary>Customer e-mails travel on a queue of their own, so a mail backlog never delays confirming orders.</summary>
public sealed record OrderConfirmed(Guid OrderId) : IMessage
{
    public static string Queue => ResourceNames.NotificationsQueue;
}

/// <summary>The order ended in <c>Rejected</c> or <c>PaymentFailed</c>.</summary>
public sealed record OrderFailed(Guid OrderId, OrderStatus Status, string Reason) : IMessage
{
    public static string Queue => ResourceNames.NotificationsQueue;
}
