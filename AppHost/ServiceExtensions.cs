using Aspire.Hosting.Azure;

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

    /// <summary>Moves a host from the default PostgreSQL transport to Service Bus.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceBusTransport(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<AzureServiceBusResource> messaging) =>
        service.WithReference(messaging)
            .WaitFor(messaging)
            .WithEnvironment("Messaging__Transport", "ServiceBus");
}
