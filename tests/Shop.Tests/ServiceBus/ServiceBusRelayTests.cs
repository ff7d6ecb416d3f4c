using Azure.Messaging.ServiceBus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Shop.Messaging;
using Shop.Ordering;
using Shop.ServiceBus;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.ServiceBus;

/// <summary>
/// The outbox relay against a real PostgreSQL outbox. The Service Bus side is a sender that records what it was
/// given (or fails): there is no Service Bus server on this machine.
/// </summary>
public sealed class ServiceBusRelayTests(ShopDatabase database) : IClassFixture<ShopDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outbox_rows_are_sent_to_their_queues_with_the_outbox_id_as_MessageId_and_then_deleted()
    {
        var ids = await PublishAsync(new OrderPlaced(Guid.NewGuid()), new OrderConfirmed(Guid.NewGuid()));
        var client = new RecordingClient();

        var relayed = await RelayAsync(client);

        Assert.Equal(2, relayed);
        Assert.Equal(ids[0].ToString(), Assert.Single(client.Sent[ResourceNames.OrdersQueue]).MessageId);
        Assert.Equal(ids[1].ToString(), Assert.Single(client.Sent[ResourceNames.NotificationsQueue]).MessageId);
        Assert.Empty(await RemainingAsync(ids));
    }

    [Fact]
    public async Task When_sending_fails_the_rows_stay_in_the_outbox_for_the_next_attempt()
    {
        var ids = await PublishAsync(new OrderPlaced(Guid.NewGuid()));

        await Assert.ThrowsAsync<ServiceBusException>(() => RelayAsync(new RecordingClient { Fail = true }));

        Assert.Equal(ids, await RemainingAsync(ids));
        var retry = new RecordingClient();
        Assert.Equal(1, await RelayAsync(retry));
        Assert.Equal(ids[0].ToString(), Assert.Single(retry.Sent[ResourceNames.OrdersQueue]).MessageId);
    }

    private async Task<List<Guid>> PublishAsync(params IMessage[] messages)
    {
        await using var db = ShopDatabase.NewDbContext(database.ConnectionString);
        // Earlier tests of this class may have left rows: the relay takes the whole outbox.
        await db.OutboxMessages.ExecuteDeleteAsync(Ct);
        var ids = new List<Guid>();
        foreach (var message in messages)
        {
            ids.Add(message switch
            {
                OrderPlaced m => db.Publish(m, "c", DateTimeOffset.UtcNow).Id,
                OrderConfirmed m => db.Publish(m, "c", DateTimeOffset.UtcNow.AddMilliseconds(1)).Id,
                _ => throw new ArgumentException(message.GetType().Name),
            });
        }
        await db.SaveChangesAsync(Ct);
        return ids;
    }

    private async Task<List<Guid>> RemainingAsync(List<Guid> ids)
    {
        await using var db = ShopDatabase.NewDbContext(database.ConnectionString);
        return await db.OutboxMessages.Where(m => ids.Contains(m.Id)).OrderBy(m => m.CreatedAt).Select(m => m.Id).ToListAsync(Ct);
    }

    private async Task<int> RelayAsync(ServiceBusClient client)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var relay = new ServiceBusOutboxRelay(dataSource, client, Options.Create(new MessagingOptions()), NullLogger<ServiceBusOutboxRelay>.Instance);
        return await relay.RelayBatchAsync(Ct);
    }

    private sealed class RecordingClient : ServiceBusClient
    {
        public bool Fail { get; init; }
        public Dictionary<string, List<ServiceBusMessage>> Sent { get; } = [];

        public override ServiceBusSender CreateSender(string queueOrTopicName) =>
            new RecordingSender(Fail, Sent.TryGetValue(queueOrTopicName, out var list) ? list : Sent[queueOrTopicName] = []);
    }

    private sealed class RecordingSender(bool fail, List<ServiceBusMessage> sent) : ServiceBusSender
    {
        private readonly List<ServiceBusMessage> _batch = [];

        public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
        {
            _batch.Clear();
            return ValueTask.FromResult(ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, _batch));
        }

        public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
        {
            if (fail)
            {
                throw new ServiceBusException("The namespace is unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem);
            }
            sent.AddRange(_batch);
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
