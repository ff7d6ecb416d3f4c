using Aspire.Hosting.Azure;
using Shop.Messaging;

namespace AppHost;

internal static class ServiceExtensions
{
    /// <summary>Adds one of the shop's HTTP hosts (Api, Worker, Web) with a readiness probe on /health.</summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        // The hosts ship no launchSettings.json (run.sh hands them ASPNETCORE_URLS), so the endpoint
        // is declared here: Aspire then sets ASPNETCORE_URLS locally and the ingress port in Azure.
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health");

        if (builder.ExecutionContext.IsRunMode)
        {
            // What a launch profile would have set; without it a local run starts as Production.
            service.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
        }

        return service;
    }

    /// <summary>
    /// A queue set up as the Worker's MessagingOptions defaults expect: the last allowed delivery dead-letters
    /// (MaxDeliveries; the consumer usually does it first, with the error), the lock lasts the visibility
    /// timeout, and the outbox id is the MessageId, so duplicate detection drops the relay's re-sends of a row
    /// it could not delete.
    /// </summary>
    public static IResourceBuilder<AzureServiceBusQueueResource> AddShopQueue(
        this IResourceBuilder<AzureServiceBusResource> messaging, string name)
    {
        var defaults = new MessagingOptions();
        return messaging.AddServiceBusQueue(name).WithProperties(queue =>
        {
            queue.MaxDeliveryCount = defaults.MaxDeliveries;
            queue.RequiresDuplicateDetection = true;
            queue.DuplicateDetectionHistoryTimeWindow = TimeSpan.FromHours(1);
            queue.LockDuration = defaults.VisibilityTimeout;
            queue.DeadLetteringOnMessageExpiration = true;
        });
    }

    /// <summary>The Worker charges orders at the Api's simulated payment provider, mapped at /simulated-payments.</summary>
    public static IResourceBuilder<ProjectResource> WithPaymentsFrom(
        this IResourceBuilder<ProjectResource> worker, IResourceBuilder<ProjectResource> api) =>
        worker.WithEnvironment("Payments__BaseUrl", ReferenceExpression.Create($"{api.GetEndpoint("http")}/simulated-payments"));

    /// <summary>Moves a host from the default PostgreSQL transport to Service Bus.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceBusTransport(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<AzureServiceBusResource> messaging) =>
        service.WithReference(messaging)
            .WaitFor(messaging)
            .WithEnvironment("Messaging__Transport", "ServiceBus");
}
