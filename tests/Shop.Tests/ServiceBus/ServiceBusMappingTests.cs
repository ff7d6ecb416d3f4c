using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Shop.Messaging;
using Shop.ServiceBus;

namespace Shop.Tests.ServiceBus;

/// <summary>How an outbox row travels as a Service Bus message and comes back (ServiceBusModelFactory makes the received side).</summary>
public sealed class ServiceBusMappingTests
{
    internal static readonly MessageEnvelope Row = new(
        Guid.CreateVersion7(), ResourceNames.OrdersQueue, "OrderPlaced", """{"orderId":"0199"}""", "order-42",
        $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01", "vendor=1", DeliveryCount: 0,
        CreatedAt: new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    /// <summary>What a receiver gets for <paramref name="sent"/>: the same body, ids and properties, plus broker state.</summary>
    internal static ServiceBusReceivedMessage Received(ServiceBusMessage sent, int deliveryCount = 1,
        string? deadLetterReason = null, string? deadLetterDescription = null)
    {
        // The broker keeps its dead-letter reason among the application properties, where the SDK reads it.
        var properties = new Dictionary<string, object>(sent.ApplicationProperties);
        if (deadLetterReason is not null)
        {
            properties["DeadLetterReason"] = deadLetterReason;
            properties["DeadLetterErrorDescription"] = deadLetterDescription ?? "";
        }
        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body, messageId: sent.MessageId, correlationId: sent.CorrelationId, subject: sent.Subject,
            contentType: sent.ContentType, properties: properties, deliveryCount: deliveryCount,
            enqueuedTime: new DateTimeOffset(2026, 11, 27, 11, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_relayed_row_arrives_as_the_same_envelope_with_the_broker_delivery_count()
    {
        var sent = ServiceBusMapping.ToMessage(Row);

        Assert.Equal(Row.Id.ToString(), sent.MessageId); // duplicate detection drops the relay's re-sends
        Assert.Equal(Row with { DeliveryCount = 3 }, ServiceBusMapping.ToEnvelope(Row.Queue, Received(sent, deliveryCount: 3)));
    }

    [Fact]
    public void A_row_without_trace_context_still_maps_because_properties_cannot_hold_null()
    {
        var plain = Row with { TraceParent = null, TraceState = null };

        var sent = ServiceBusMapping.ToMessage(plain);

        Assert.DoesNotContain(ServiceBusMapping.TraceParentProperty, sent.ApplicationProperties.Keys);
        Assert.Equal(plain with { DeliveryCount = 1 }, ServiceBusMapping.ToEnvelope(Row.Queue, Received(sent)));
    }

    [Fact]
    public void A_replayed_dead_letter_gets_a_fresh_MessageId_but_keeps_the_shop_id_consumers_deduplicate_by()
    {
        var sent = ServiceBusMapping.ToMessage(Row);
        sent.ApplicationProperties[ServiceBusMapping.DeadLetteredAtProperty] = "2026-11-27T12:00:00Z";

        var copy = ServiceBusMapping.ReplayCopy(Received(sent, deliveryCount: 5), Row.Id);

        Assert.NotEqual(sent.MessageId, copy.MessageId);
        Assert.DoesNotContain(ServiceBusMapping.DeadLetteredAtProperty, copy.ApplicationProperties.Keys);
        Assert.Equal(Row.Id, ServiceBusMapping.ToEnvelope(Row.Queue, Received(copy)).Id);
        Assert.Equal(Row.Payload, copy.Body.ToString());
    }

    [Fact]
    public void A_message_Service_Bus_dead_lettered_itself_is_listed_with_the_brokers_reason()
    {
        var sent = ServiceBusMapping.ToMessage(Row);

        var view = ServiceBusMapping.ToView(Row.Queue, Received(sent, 10, "MaxDeliveryCountExceeded", "Lock lost ten times"));

        Assert.Equal(Row.Id, view.Id);
        Assert.Equal("Lock lost ten times", view.LastError);
        Assert.Equal(Row.CreatedAt, view.CreatedAt);
    }

    [Fact]
    public void A_message_that_is_not_the_shops_cannot_become_an_envelope()
    {
        var foreign = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("{}"), messageId: "not-a-guid");

        Assert.Throws<FormatException>(() => ServiceBusMapping.ToEnvelope(Row.Queue, foreign));
    }
}
