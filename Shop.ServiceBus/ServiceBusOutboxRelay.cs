using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Shop.Messaging;
using Shop.Messaging.Postgres;

namespace Shop.ServiceBus;

/// <summary>
/// Forwards outbox rows to Service Bus, each to the queue named by its row. A batch is claimed with
/// FOR UPDATE SKIP LOCKED (replicas share the work), sent, deleted and committed in one transaction; a crash
/// between sending and committing sends the rows again with the same MessageId, which duplicate detection
/// drops. NOTIFY after each publishing commit wakes the relay at once; polling is the fallback.
/// </summary>
public sealed partial class ServiceBusOutboxRelay(
    NpgsqlDataSource dataSource, ServiceBusClient client, IOptions<MessagingOptions> options,
    ILogger<ServiceBusOutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;

    private const string ClaimSql = $"""
        SELECT {OutboxColumns.Envelope}, delivery_count
        FROM outbox_messages
        ORDER BY created_at
        LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<string, ServiceBusSender> _senders = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var listener = OutboxNotifications.ListenAsync(dataSource, _wake, settings.PollInterval, logger, stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var relayed = 0;
            try
            {
                relayed = await RelayBatchAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The rows stay in the outbox; the next attempt sends them again (backing off while this repeats).
                failures++;
                LogRelayFailed(logger, ex.Message);
            }
            // A full batch means more rows are probably waiting.
            if (relayed < BatchSize)
            {
                await OutboxNotifications.WaitAsync(_wake, settings.PollInterval * Math.Min(1 << Math.Min(failures, 4), 16), stoppingToken);
            }
        }
        await listener;
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync();
        }
    }

    internal async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var rows = await ClaimAsync(connection, transaction, ct);
        if (rows.Count == 0)
        {
            return 0;
        }
        foreach (var group in rows.GroupBy(r => r.Queue))
        {
            await SendAsync(group.Key, new Queue<ServiceBusMessage>(group.Select(ServiceBusMapping.ToMessage)), ct);
        }
        await using var delete = new NpgsqlCommand("DELETE FROM outbox_messages WHERE id = ANY(@ids)", connection, transaction);
        delete.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
        await delete.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        LogRelayed(logger, rows.Count);
        return rows.Count;
    }

    private static async Task<List<MessageEnvelope>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ClaimSql, connection, transaction);
        command.Parameters.AddWithValue("limit", BatchSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<MessageEnvelope>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(OutboxColumns.Read(reader));
        }
        return rows;
    }

    /// <summary>Sends in as few batches as the entity's message size limit allows.</summary>
    private async Task SendAsync(string queue, Queue<ServiceBusMessage> pending, CancellationToken ct)
    {
        if (!_senders.TryGetValue(queue, out var sender))
        {
            sender = client.CreateSender(queue);
            _senders[queue] = sender;
        }
        while (pending.Count > 0)
        {
            using var batch = await sender.CreateMessageBatchAsync(ct);
            while (pending.Count > 0 && batch.TryAddMessage(pending.Peek()))
            {
                pending.Dequeue();
            }
            if (batch.Count == 0)
            {
                throw new InvalidOperationException($"Outbox message {pending.Peek().MessageId} is larger than a Service Bus message may be.");
            }
            await sender.SendMessagesAsync(batch, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Relayed {Count} outbox messages to Service Bus")]
    private static partial void LogRelayed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying outbox messages to Service Bus failed, retrying: {Error}")]
    private static partial void LogRelayFailed(ILogger logger, string error);
}
