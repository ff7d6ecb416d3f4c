using System.Runtime.CompilerServices;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Logging;
using Shop.Messaging;

namespace Shop.ServiceBus;

/// <summary>
/// Dead letters of the Service Bus transport live in each queue's dead-letter subqueue. Listing peeks
/// (oldest first, nothing locked). Service Bus cannot fetch a message by id, so replay and delete receive
/// with peek-lock until the id turns up, settle that one and abandon the rest. Every scan stops after
/// <see cref="ScanLimit"/> messages per queue: beyond that, a dead letter is not listed or found.
/// </summary>
/// <param name="administration">Null on the emulator (it has no administration API); the total is then the count peeked.</param>
public sealed partial class ServiceBusDeadLetterStore(
    ServiceBusClient client, ServiceBusAdministrationClient? administration, IReadOnlyList<string> queues,
    ILogger<ServiceBusDeadLetterStore> logger) : IDeadLetterStore
{
    private const int ScanLimit = 1000;
    private const int Batch = 100;
    private static readonly TimeSpan _receiveWait = TimeSpan.FromSeconds(2);

    public async Task<DeadLetterPage> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        var skip = (long)(page - 1) * pageSize;
        var items = new List<DeadLetterView>();
        long seen = 0;
        long? total = 0;
        foreach (var queue in queues)
        {
            total += await CountAsync(queue, ct);
            await foreach (var message in PeekAsync(queue, ct))
            {
                if (seen++ >= skip && items.Count < pageSize)
                {
                    items.Add(ServiceBusMapping.ToView(queue, message));
                }
                else if (items.Count == pageSize && total is not null)
                {
                    // Without a count from the administration API the scan goes on to count what it can see.
                    break;
                }
            }
        }
        return new DeadLetterPage(items, page, pageSize, total ?? seen);
    }

    /// <summary>
    /// Sends a copy to the main queue (fresh MessageId, same shop id: see <see cref="ServiceBusMapping"/>), then
    /// completes the dead letter. Should completing fail, a second replay sends another copy, which the
    /// consumers' processed-message records turn into a no-op.
    /// </summary>
    public Task<bool> ReplayAsync(Guid id, CancellationToken ct) =>
        SettleByIdAsync(id, async (queue, receiver, message) =>
        {
            await using var sender = client.CreateSender(queue);
            await sender.SendMessageAsync(ServiceBusMapping.ReplayCopy(message, id), ct);
            await receiver.CompleteMessageAsync(message, ct);
        }, ct);

    public Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        SettleByIdAsync(id, (_, receiver, message) => receiver.CompleteMessageAsync(message, ct), ct);

    private async Task<bool> SettleByIdAsync(
        Guid id, Func<string, ServiceBusReceiver, ServiceBusReceivedMessage, Task> settle, CancellationToken ct)
    {
        foreach (var queue in queues)
        {
            await using var receiver = DeadLetterReceiver(queue);
            var locked = new List<ServiceBusReceivedMessage>();
            try
            {
                while (locked.Count < ScanLimit)
                {
                    var batch = await receiver.ReceiveMessagesAsync(Batch, _receiveWait, ct);
                    if (batch.Count == 0)
                    {
                        break;
                    }
                    locked.AddRange(batch);
                    if (batch.FirstOrDefault(m => ServiceBusMapping.IdOf(m) == id) is { } match)
                    {
                        await settle(queue, receiver, match);
                        locked.Remove(match);
                        return true;
                    }
                }
            }
            finally
            {
                await ReleaseAsync(receiver, locked);
            }
        }
        return false;
    }

    /// <summary>Best effort: a message whose abandon fails comes back anyway when its lock expires.</summary>
    private static async Task ReleaseAsync(ServiceBusReceiver receiver, List<ServiceBusReceivedMessage> locked)
    {
        foreach (var message in locked)
        {
            try
            {
                await receiver.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
            }
            catch (ServiceBusException)
            {
            }
        }
    }

    private async IAsyncEnumerable<ServiceBusReceivedMessage> PeekAsync(string queue, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var receiver = DeadLetterReceiver(queue);
        long? from = null;
        for (var scanned = 0; scanned < ScanLimit;)
        {
            var batch = await receiver.PeekMessagesAsync(Batch, from, ct);
            if (batch.Count == 0)
            {
                yield break;
            }
            foreach (var message in batch)
            {
                yield return message;
            }
            scanned += batch.Count;
            from = batch[^1].SequenceNumber + 1;
        }
    }

    private async Task<long?> CountAsync(string queue, CancellationToken ct)
    {
        if (administration is null)
        {
            return null;
        }
        try
        {
            return (await administration.GetQueueRuntimePropertiesAsync(queue, ct)).Value.DeadLetterMessageCount;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCountFailed(logger, queue, ex.Message);
            return null;
        }
    }

    private ServiceBusReceiver DeadLetterReceiver(string queue) =>
        client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the dead letters of {Queue} failed; the total is the number peeked: {Error}")]
    private static partial void LogCountFailed(ILogger logger, string queue, string error);
}
