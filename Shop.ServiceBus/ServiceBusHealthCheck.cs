using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shop.ServiceBus;

/// <summary>
/// Peeks one message of a queue the shop uses. The administration API would be the usual probe, but the
/// emulator does not have one; peeking proves the namespace, the credentials and the queue in one call.
/// </summary>
internal sealed class ServiceBusHealthCheck(ServiceBusClient client) : IHealthCheck, IAsyncDisposable
{
    private readonly ServiceBusReceiver _receiver = client.CreateReceiver(ServiceBusExtensions.Queues[0]);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await _receiver.PeekMessageAsync(cancellationToken: timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Service Bus did not answer.", ex);
        }
    }

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();
}
