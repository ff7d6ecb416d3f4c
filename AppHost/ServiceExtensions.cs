using Microsoft.Extensions.Configuration;
using Shop;

namespace AppHost;

internal static class ServiceExtensions
{
    /// <summary>
    /// The fixed local port of a resource (<c>Ports:&lt;name&gt;</c>, DESIGN.md's ports in appsettings.json); none in publish
    /// mode or when the run randomizes ports, as Aspire.Hosting.Testing does, so tests never collide with a running shop.
    /// </summary>
    public static int? Port(this IDistributedApplicationBuilder builder, string name) =>
        builder.ExecutionContext.IsRunMode && !builder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts")
            ? builder.Configuration.GetValue<int?>($"Ports:{name}")
            : null;

    /// <summary>One of the shop's HTTP hosts with a readiness probe on /health.</summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        // The hosts ship no launchSettings.json, so the endpoint is declared here: Aspire then sets
        // ASPNETCORE_URLS locally and the ingress port in Azure. Not proxied: Kestrel itself listens on the port, so
        // nothing sits between a client and the host (and a taken port is Kestrel's own clear bind error).
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint(port: builder.Port(name), isProxied: false)
            .WithHttpHealthCheck("/health");

        if (builder.ExecutionContext.IsRunMode)
        {
            // What a launch profile would have set; without it a local run starts as Production.
            service.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
            // Rate limits and trace sampling given to the AppHost reach every host, e.g. for a load test
            // ./run.sh --RateLimits:Enabled=false --OTEL_TRACES_SAMPLER=parentbased_traceidratio --OTEL_TRACES_SAMPLER_ARG=0.1
            var forwarded = builder.Configuration.GetSection("RateLimits").AsEnumerable()
                .Concat(builder.Configuration.AsEnumerable().Where(kv => kv.Key.StartsWith("OTEL_TRACES_SAMPLER", StringComparison.Ordinal)));
            foreach (var (key, value) in forwarded.Where(kv => kv.Value is not null))
            {
                service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
        return service;
    }

    /// <summary>
    /// glibc's allocator keeps what libvips frees in per-thread arenas and raises its mmap threshold as large buffers come
    /// and go, so a Worker that has made renditions stayed at ~400 MB. Two arenas and fixed thresholds return the memory:
    /// peak 264 MB, 218 MB after (bench/results.md). Set in Azure too, since the model's environment is deployed.
    /// </summary>
    public static IResourceBuilder<T> WithImageMemoryLimits<T>(this IResourceBuilder<T> resource) where T : IResourceWithEnvironment =>
        resource.WithEnvironment("MALLOC_ARENA_MAX", "2")
            .WithEnvironment("MALLOC_MMAP_THRESHOLD_", "131072")
            .WithEnvironment("MALLOC_TRIM_THRESHOLD_", "131072");

    /// <summary>
    /// Where the Worker charges orders: the simulator, a resource of its own (the Api binary in its
    /// `payment-simulator` role), so the Worker never calls back into the Api. There is no real provider yet.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPaymentProvider(this IResourceBuilder<ProjectResource> worker,
        IDistributedApplicationBuilder builder)
    {
        var payments = builder.AddService<Projects.Api>(ResourceNames.Payments).WithArgs("payment-simulator");
        return worker.WithEnvironment("Payments__BaseUrl", ReferenceExpression.Create($"{payments.GetEndpoint("http")}/simulated-payments"))
            .WaitFor(payments);
    }
}
