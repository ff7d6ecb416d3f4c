using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shop.Data;
using Shop.Messaging;
using Shop.Storage;

namespace Shop.Ordering;

/// <summary>
/// Writes the customer e-mail as an .eml file to the <c>mail</c> container, in place of a mail service.
/// The blob name and content depend only on the order, so a redelivery rewrites the same file and the
/// customer never gets two e-mails; that is why no processed-message row is needed.
/// </summary>
public sealed class OrderMailHandler(ShopDbContext db, BlobContainers containers)
    : IMessageHandler<OrderConfirmed>, IMessageHandler<OrderFailed>
{
    public static string BlobName(Guid orderId, OrderStatus status) =>
        $"orders/{orderId}/{status.ToString().ToLowerInvariant()}.eml";

    public Task HandleAsync(OrderConfirmed message, MessageEnvelope envelope, CancellationToken ct) =>
        SendAsync(message.OrderId, ct);

    public Task HandleAsync(OrderFailed message, MessageEnvelope envelope, CancellationToken ct) =>
        SendAsync(message.OrderId, ct);

    private async Task SendAsync(Guid orderId, CancellationToken ct)
    {
        // One query: an order has a handful of lines and status changes, so the joined rows stay few.
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History).AsSingleQuery()
            .SingleOrDefaultAsync(o => o.Id == orderId, ct)
            ?? throw new InvalidOperationException($"Order {orderId} does not exist.");
        var mail = await containers.GetAsync(BlobContainers.Mail, ct);
        await mail.GetBlobClient(BlobName(order.Id, order.Status))
            .UploadAsync(BinaryData.FromString(Render(order)), overwrite: true, cancellationToken: ct);
    }

    internal static string Render(Order order)
    {
        var confirmed = order.Status == OrderStatus.Confirmed;
        var reason = order.History.OrderBy(h => h.At).ThenBy(h => h.Id).LastOrDefault()?.Reason ?? "";
        var body = new StringBuilder()
            .AppendLine(confirmed ? "Thank you, your order is confirmed." : $"We are sorry, your order could not be completed: {reason}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Order {order.Id}");
        foreach (var line in order.Lines.OrderBy(l => l.LineNo))
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"  {line.Quantity} x {line.ItemName} at EUR {line.UnitPrice:0.00}");
        }
        body.AppendLine(CultureInfo.InvariantCulture, $"Total: EUR {order.Total:0.00}");
        return string.Join("\r\n",
            "From: Shop <orders@shop.example>",
            $"To: <{order.Email}>",
            $"Subject: {(confirmed ? "Order confirmed" : "Order not completed")} ({order.Id})",
            $"Date: {order.UpdatedAt.ToString("r", CultureInfo.InvariantCulture)}",
            $"Message-ID: <{order.Id}.{order.Status.ToString().ToLowerInvariant()}@shop.example>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            body.ToString().ReplaceLineEndings("\r\n"));
    }
}
