using Aspire.Hosting.Azure;
using Shop;
using Shop.Jobs;
using Shop.Messaging;

namespace AppHost;

// The AppHost's only Azure-specific code. It compiles only with -p:AzureHosting=true, where the
// Aspire.Hosting.Azure.* packages restore; ShopTopology.cs declares these methods and works without them.
internal static partial class ShopTopology
{
    // Where `azd up` puts every project and container: one Azure Container Apps environment.
    static partial void AddAzureEnvironment(IDistributedApplicationBuilder builder) =>
        builder.AddAzureContainerAppEnvironment("env");

    // Azurite in a container locally; a storage account in Azure.
    static partial void AddAzureStorage(IDistributedApplicationBuilder builder, ref IResourceBuilder<IResourceWithConnectionString>? blobs) =>
        blobs = builder.AddAzureStorage(ResourceNames.Storage)
            .RunAsEmulator(azurite => azurite.WithDataVolume().WithLifetime(ContainerLifetime.Persistent))
            .AddBlobs(ResourceNames.Blobs);

    // The emulator locally; a Service Bus namespace in Azure. The queues match the Worker's MessagingOptions defaults:
    // the last allowed delivery dead-letters, the lock lasts the visibility timeout, and the outbox id is the
    // MessageId, so duplicate detection drops a relay's re-send of a row it could not delete.
    static partial void AddAzureMessaging(IDistributedApplicationBuilder builder, ref IResourceBuilder<IResourceWithConnectionString>? messaging)
    {
        var serviceBus = builder.AddAzureServiceBus(ResourceNames.Messaging).RunAsEmulator();
        var defaults = new MessagingOptions();
        foreach (var queue in ResourceNames.Queues)
        {
            serviceBus.AddServiceBusQueue(queue).WithProperties(q =>
            {
                q.MaxDeliveryCount = defaults.MaxDeliveries;
                q.RequiresDuplicateDetection = true;
                q.DuplicateDetectionHistoryTimeWindow = TimeSpan.FromHours(1);
                q.LockDuration = defaults.VisibilityTimeout;
                q.DeadLetteringOnMessageExpiration = true;
            });
        }
        messaging = serviceBus;
    }

    // Each job runs `Worker job <name>` on its schedule; the Worker's in-process scheduler is off, so nothing runs twice.
    static partial void AddAzureJobs(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> worker,
        Func<string, IResourceBuilder<ProjectResource>> addJob)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return;
        }
        worker.WithEnvironment("Jobs__SchedulerEnabled", "false");
        foreach (var (job, schedule) in JobSchedules.Defaults)
        {
            addJob(job).PublishAsScheduledAzureContainerAppJob(schedule);
        }
    }
}
