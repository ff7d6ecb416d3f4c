using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Catalog;
using Shop.Messaging;
using Shop.Payments;

namespace Shop.Ordering;

public static class OrderingExtensions
{
    /// <summary>The Worker's side of the order pipeline: the consumers of the <c>orders</c> queue.</summary>
    public static IHostApplicationBuilder AddOrderProcessing(this IHostApplicationBuilder builder)
    {
        builder.AddPaymentClient();
        builder.Services.AddCatalogCache();
        builder.Services.AddMessageHandler<OrderPlaced, OrderPlacedHandler>();
        builder.Services.AddMessageHandler<OrderConfirmed, OrderMailHandler>();
        builder.Services.AddMessageHandler<OrderFailed, OrderMailHandler>();
        return builder;
    }
}
