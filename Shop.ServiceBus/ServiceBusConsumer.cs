using System.Diagnostics.Metrics;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Messaging;

namespace Shop.ServiceBus;

/// <summary>
/// Consumes the Service Bus transport: a processor per queue, messages settled explicitly. Completes on
/// success; a failure is retried until MaxDeliveries (also the queue's MaxDeliveryCount), then dead-lettered
/// with the error. Service Bus has no per-message delay: an abandoned message comes back at once, a scheduled
/// copy would need the same MessageId (dropped by duplicate detection), and a deferred one waits until someone
/// asks for its sequence number. So the backoff is spent holding the lock (the processor renews it), capped
/// because the message occupies a concurrency slot meanwhile, and the message is abandoned afterwards.
/// </summary>
public sealed partial class ServiceBusConsumer(
    ServiceBusClient client, MessageDispatcher dispatcher, IOptions<MessagingOptions> options,
    ILogger<ServiceBusConsumer> logger) : BackgroundService
{
    private const string DeadLetterReason = "MaxDeliveriesExceeded";
    private const int MaxErrorLength = 1024;
    private static readonly TimeSpan _maxHeldBackoff = TimeSpan.FromSeconds(30);

    // Same instrument as the PostgreSQL consumer's: dashboards do not depend on the transport.
    private static readonly Counter<long> _outcomes = ShopTelemetry.Meter.CreateCounter<long>(
        "shop.messages.outcomes", description: "Message deliveries by outcome (completed, retried, dead_lettered, released)");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // On shutdown, in-flight handlers get the grace period; then their token fires and they are released.
        using var processing = new CancellationTokenSource();
        await using var grace = stoppingToken.Register(() => processing.CancelAfter(settings.ShutdownGrace));
        var processors = new List<ServiceBusProcessor>();
        try
        {
            foreach (var queue in dispatcher.Queues)
            {
                var processor = client.CreateProcessor(queue, new ServiceBusProcessorOptions
                {
                    AutoCompleteMessages = false,
                    MaxConcurrentCalls = settings.MaxConcurrency,
                });
                processor.ProcessMessageAsync += args => ProcessAsync(queue, args, settings, processing.Token);
                processor.ProcessErrorAsync += OnErrorAsync;
                processors.Add(processor);
                await processor.StartProcessingAsync(stoppingToken);
            }
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping waits for the handlers in flight.
            await Task.WhenAll(processors.Select(p => p.StopProcessingAsync(CancellationToken.None)));
            foreach (var processor in processors)
            {
                await processor.DisposeAsync();
            }
        }
    }

    internal async Task ProcessAsync(string queue, ProcessMessageEventArgs args, MessagingOptions settings, CancellationToken ct)
    {
        var message = args.Message;
        MessageEnvelope envelope;
        try
        {
            envelope = ServiceBusMapping.ToEnvelope(queue, message);
        }
        catch (FormatException ex)
        {
            // Not a shop message: no retry can make it readable.
            await SettleAsync(message, "dead_lettered", () => args.DeadLetterMessageAsync(message, "UnreadableMessage", ex.Message, CancellationToken.None));
            return;
        }
        try
        {
            await dispatcher.DispatchAsync(envelope, ct);
            await SettleAsync(message, "completed", () => args.CompleteMessageAsync(message, CancellationToken.None));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Unlike the PostgreSQL transport, Service Bus counts the interrupted delivery.
            await SettleAsync(message, "released", () => args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None));
            LogReleased(logger, envelope.Id, envelope.Type);
        }
        catch (Exception ex)
        {
            var error = ServiceBusMapping.Truncate($"{ex.GetType().Name}: {ex.Message}", MaxErrorLength);
            var properties = new Dictionary<string, object> { [ServiceBusMapping.LastErrorProperty] = error };
            if (settings.ShouldDeadLetter(ex, envelope.DeliveryCount))
            {
                properties[ServiceBusMapping.DeadLetteredAtProperty] = ServiceBusMapping.Timestamp(DateTimeOffset.UtcNow);
                await SettleAsync(message, "dead_lettered",
                    () => args.DeadLetterMessageAsync(message, properties, DeadLetterReason, error, CancellationToken.None));
                LogDeadLettered(logger, ex, envelope.Id, envelope.Type, envelope.DeliveryCount);
                return;
            }
            var backoff = settings.RetryDelay(envelope.DeliveryCount);
            var delay = backoff < _maxHeldBackoff ? backoff : _maxHeldBackoff;
            LogRetrying(logger, envelope.Id, envelope.Type, envelope.DeliveryCount, delay.TotalSeconds, error);
            // args.CancellationToken fires when the processor stops: give the message back at once then.
            await HoldAsync(delay, args.CancellationToken);
            await SettleAsync(message, "retried", () => args.AbandonMessageAsync(message, properties, CancellationToken.None));
        }
    }

    private Task OnErrorAsync(ProcessErrorEventArgs args)
    {
        LogReceiveFailed(logger, args.EntityPath, args.ErrorSource, args.Exception.Message);
        return Task.CompletedTask;
    }

    /// <summary>If settling fails (lock lost, connection down), the lock expires and Service Bus redelivers.</summary>
    private async Task SettleAsync(ServiceBusReceivedMessage message, string outcome, Func<Task> settle)
    {
        try
        {
            await settle();
            _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
        catch (Exception ex)
        {
            LogSettleFailed(logger, message.MessageId, outcome, ex.Message);
        }
    }

    private static async Task HoldAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service Bus {Source} on {Entity} failed: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, string entity, ServiceBusErrorSource source, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} ({Type}) failed on delivery {Delivery}; redelivered in {DelaySeconds:F1} s: {Error}")]
    private static partial void LogRetrying(ILogger logger, Guid messageId, string type, int delivery, double delaySeconds, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({Type}) dead-lettered after {Deliveries} deliveries")]
    private static partial void LogDeadLettered(ILogger logger, Exception exception, Guid messageId, string type, int deliveries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ({Type}) released for redelivery at shutdown")]
    private static partial void LogReleased(ILogger logger, Guid messageId, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling Service Bus message {MessageId} as {Outcome} failed; it reappears when its lock expires: {Error}")]
    private static partial void LogSettleFailed(ILogger logger, string messageId, string outcome, string error);
}
