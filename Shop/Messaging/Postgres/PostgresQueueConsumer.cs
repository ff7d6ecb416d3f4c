using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Shop.Messaging.Postgres;

/// <summary>
/// Consumes the PostgreSQL transport: claims up to MaxConcurrency messages with SKIP LOCKED, runs each
/// through the dispatcher, then acknowledges (in batches), retries with backoff or dead-letters it. NOTIFY wakes it at
/// once; polling is the fallback. On shutdown in-flight messages get a grace period, then are released.
/// </summary>
public sealed partial class PostgresQueueConsumer(
    MessageDispatcher dispatcher, PostgresQueue queue, NpgsqlDataSource dataSource,
    IOptions<MessagingOptions> options, ILogger<PostgresQueueConsumer> logger) : BackgroundService
{
    private static readonly Counter<long> _outcomes = ShopTelemetry.Meter.CreateCounter<long>(
        "shop.messages.outcomes", description: "Message deliveries by outcome (completed, retried, dead_lettered, released)");
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Acknowledgements _acks = new(queue, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var processing = new CancellationTokenSource();
        var listener = OutboxNotifications.ListenAsync(dataSource, _wake, settings.PollInterval, logger, stoppingToken);
        var acknowledging = _acks.RunAsync();
        // Each queue gets its share of MaxConcurrency, so a backlog on one (e-mails) never starves another (orders).
        var inFlight = dispatcher.Queues.ToDictionary(q => q, _ => new HashSet<Task>());
        var share = Math.Max(1, settings.MaxConcurrency / Math.Max(inFlight.Count, 1));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            var full = true;
            try
            {
                foreach (var (name, running) in inFlight)
                {
                    running.RemoveWhere(t => t.IsCompleted);
                    var free = share - running.Count;
                    // While busy, claim in batches of a quarter of the share: one claim per finished message made
                    // claims outnumber orders three to one (pg_stat_statements, bench/results.md).
                    if (free <= 0 || (running.Count > 0 && free < Math.Max(1, share / 4)))
                    {
                        continue;
                    }
                    full = false;
                    foreach (var envelope in await queue.ClaimAsync(name, free, settings.VisibilityTimeout, stoppingToken))
                    {
                        running.Add(ProcessAsync(envelope, settings, processing.Token));
                        claimed++;
                    }
                }
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break; // stopping mid-claim: what is in flight still gets its grace below
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                LogClaimFailed(logger, ex.Message);
            }
            if (claimed == 0 || full || failures > 0)
            {
                await OutboxNotifications.WaitAsync(_wake, settings.PollInterval * Math.Min(1 << Math.Min(failures, 4), 16), stoppingToken);
            }
        }
        // The grace starts once this loop has stopped claiming: a claim running while interrupted messages are released
        // could take them back into this stopping process, where they would wait out the visibility timeout (seen once
        // in OrderFailureTests under a full test run).
        processing.CancelAfter(settings.ShutdownGrace);
        await Task.WhenAll(inFlight.Values.SelectMany(t => t));
        _acks.Complete();
        await acknowledging;
        await listener;
    }

    private async Task ProcessAsync(MessageEnvelope envelope, MessagingOptions settings, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await dispatcher.DispatchAsync(envelope, ct);
            _acks.Add(envelope.Id);
            _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", "completed"));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await SettleAsync(envelope, "released", () => queue.ReleaseAsync(envelope.Id, CancellationToken.None));
            LogReleased(logger, envelope.Id, envelope.Type);
        }
        catch (Exception ex)
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            if (settings.ShouldDeadLetter(ex, envelope.DeliveryCount))
            {
                await SettleAsync(envelope, "dead_lettered", () => queue.DeadLetterAsync(envelope.Id, error, CancellationToken.None));
                LogDeadLettered(logger, ex, envelope.Id, envelope.Type, envelope.DeliveryCount);
            }
            else
            {
                var delay = settings.RetryDelay(envelope.DeliveryCount);
                await SettleAsync(envelope, "retried", () => queue.RetryLaterAsync(envelope.Id, delay, error, CancellationToken.None));
                LogRetrying(logger, envelope.Id, envelope.Type, envelope.DeliveryCount, delay.TotalSeconds, error);
            }
        }
        finally
        {
            _wake.Release();
        }
    }

    /// <summary>If settling fails too (database down), the visibility timeout brings the message back.</summary>
    private async Task SettleAsync(MessageEnvelope envelope, string outcome, Func<Task> settle)
    {
        try
        {
            await settle();
            _outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
        catch (Exception ex)
        {
            LogSettleFailed(logger, envelope.Id, outcome, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming messages failed, retrying: {Error}")]
    private static partial void LogClaimFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} ({Type}) failed on delivery {Delivery}; retrying in {DelaySeconds:F1} s: {Error}")]
    private static partial void LogRetrying(ILogger logger, Guid messageId, string type, int delivery, double delaySeconds, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({Type}) dead-lettered after {Deliveries} deliveries")]
    private static partial void LogDeadLettered(ILogger logger, Exception exception, Guid messageId, string type, int deliveries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ({Type}) released for redelivery at shutdown")]
    private static partial void LogReleased(ILogger logger, Guid messageId, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling message {MessageId} as {Outcome} failed; it reappears after the visibility timeout: {Error}")]
    private static partial void LogSettleFailed(ILogger logger, Guid messageId, string outcome, string error);
}
