using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Messaging;
using Shop.ServiceBus;

namespace Shop.Tests.ServiceBus;

/// <summary>
/// How the Service Bus consumer settles each delivery. There is no Service Bus server on this machine, so the
/// receiver records the settlement calls the SDK's ProcessMessageEventArgs makes on it.
/// </summary>
public sealed class ServiceBusConsumerTests
{
    private static readonly MessagingOptions _settings = new() { MaxDeliveries = 3, RetryBaseDelay = TimeSpan.Zero };

    [Fact]
    public async Task A_handled_message_is_completed()
    {
        var (settled, handled) = await ProcessAsync(Message("ok", deliveryCount: 1));

        Assert.Equal(["complete"], settled.Calls);
        Assert.Equal(1, handled.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_failure_before_the_last_delivery_is_abandoned_with_its_error_for_redelivery(int delivery)
    {
        var (settled, _) = await ProcessAsync(Message("fail", delivery));

        Assert.Equal(["abandon"], settled.Calls);
        Assert.Contains("InvalidOperationException: told to fail", (string)settled.Properties![ServiceBusMapping.LastErrorProperty]);
    }

    [Fact]
    public async Task A_failure_on_the_last_delivery_is_dead_lettered_with_its_error()
    {
        var (settled, _) = await ProcessAsync(Message("fail", deliveryCount: 3));

        Assert.Equal(["deadletter MaxDeliveriesExceeded"], settled.Calls);
        Assert.Contains("told to fail", settled.Description);
        Assert.Contains(ServiceBusMapping.DeadLetteredAtProperty, settled.Properties!.Keys);
    }

    [Fact]
    public async Task A_message_without_a_shop_id_is_dead_lettered_as_unreadable_and_no_handler_runs()
    {
        var foreign = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("{}"), messageId: "not-a-guid", deliveryCount: 1);

        var (settled, handled) = await ProcessAsync(foreign);

        Assert.Equal(["deadletter UnreadableMessage"], settled.Calls);
        Assert.Equal(0, handled.Count);
    }

    [Fact]
    public async Task A_delivery_interrupted_by_shutdown_is_abandoned_at_once()
    {
        var (settled, _) = await ProcessAsync(Message("wait", deliveryCount: 1), stopping: true);

        Assert.Equal(["abandon"], settled.Calls);
        Assert.Null(settled.Properties);
    }

    private static ServiceBusReceivedMessage Message(string behaviour, int deliveryCount) =>
        ServiceBusMappingTests.Received(ServiceBusMapping.ToMessage(ServiceBusMappingTests.Row with
        {
            Queue = TestMessage.Queue, Type = nameof(TestMessage), Payload = $$"""{"behaviour":"{{behaviour}}"}""",
        }), deliveryCount);

    private static async Task<(RecordingReceiver Settled, Handled Handled)> ProcessAsync(ServiceBusReceivedMessage message, bool stopping = false)
    {
        using var processing = new CancellationTokenSource();
        if (stopping)
        {
            await processing.CancelAsync();
        }
        var handled = new Handled();
        await using var services = new ServiceCollection().AddSingleton(handled)
            .AddMessageHandler<TestMessage, TestHandler>().BuildServiceProvider();
        var dispatcher = new MessageDispatcher(services.GetRequiredService<IServiceScopeFactory>(), services.GetServices<HandlerRegistration>());
        await using var client = new ServiceBusClient("Endpoint=sb://localhost/;SharedAccessKeyName=test;SharedAccessKey=a2V5");
        var consumer = new ServiceBusConsumer(client, dispatcher, Options.Create(_settings), NullLogger<ServiceBusConsumer>.Instance);
        var receiver = new RecordingReceiver();

        await consumer.ProcessAsync(TestMessage.Queue, new ProcessMessageEventArgs(message, receiver, CancellationToken.None), _settings, processing.Token);
        return (receiver, handled);
    }

    public sealed record TestMessage(string Behaviour) : IMessage
    {
        public static string Queue => "test";
    }

    public sealed class Handled
    {
        public int Count;
    }

    private sealed class TestHandler(Handled handled) : IMessageHandler<TestMessage>
    {
        public async Task HandleAsync(TestMessage message, MessageEnvelope envelope, CancellationToken cancellationToken)
        {
            if (message.Behaviour == "wait")
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            Interlocked.Increment(ref handled.Count);
            if (message.Behaviour == "fail")
            {
                throw new InvalidOperationException("told to fail");
            }
        }
    }

    private sealed class RecordingReceiver : ServiceBusReceiver
    {
        public List<string> Calls { get; } = [];
        public IDictionary<string, object>? Properties { get; private set; }
        public string? Description { get; private set; }

        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
        {
            Calls.Add("complete");
            return Task.CompletedTask;
        }

        public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null,
            CancellationToken cancellationToken = default)
        {
            Calls.Add("abandon");
            Properties = propertiesToModify;
            return Task.CompletedTask;
        }

        public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason,
            string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default) =>
            DeadLetterMessageAsync(message, null, deadLetterReason, deadLetterErrorDescription, cancellationToken);

        public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify,
            string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
        {
            Calls.Add($"deadletter {deadLetterReason}");
            Properties = propertiesToModify;
            Description = deadLetterErrorDescription;
            return Task.CompletedTask;
        }
    }
}
