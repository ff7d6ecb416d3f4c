using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shop.ServiceBus;

/// <summary>
/// Peeks one message of a queue. The administration API would be the usual probe, but the emulator does not
/// have one; peeking proves the namespace, the credentials and the queue in one call.
/// </summary>
internal sealed class ServiceBusHealthCheck(ServiceBusClient client, string queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var receiver = client.CreateReceiver(queue);
            await receiver.PeekMessageAsync(cancellationToken: timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Service Bus did not answer.", ex);
        }
    }
}
