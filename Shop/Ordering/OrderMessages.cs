using Shop.Messaging;

namespace Shop.Ordering;

public static class Queues
{
    /// <summary>The one queue of the order pipeline (also the Service Bus queue name the AppHost declares).</summary>
    public const string Orders = ServiceDefaults.ResourceNames.OrdersQueue;

    /// <summary>Customer e-mails: a queue of their own, so a mail backlog never delays confirming orders.</summary>
    public const string Notifications = ServiceDefaults.ResourceNames.NotificationsQueue;
}

/// <summary>An order was accepted; the Worker reserves stock, charges and confirms it.</summary>
public sealed record OrderPlaced(Guid OrderId) : IMessage
{
    public static string Queue => Queues.Orders;
}

public sealed record OrderConfirmed(Guid OrderId) : IMessage
{
    public static string Queue => Queues.Notifications;
}

/// <summary>The order ended in <c>Rejected</c> or <c>PaymentFailed</c>.</summary>
public sealed record OrderFailed(Guid OrderId, OrderStatus Status, string Reason) : IMessage
{
    public static string Queue => Queues.Notifications;
}
