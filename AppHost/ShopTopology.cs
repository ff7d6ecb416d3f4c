using System.Diagnostics;
using AppHost.LocalServers;
using Shop;

namespace AppHost;

/// <summary>Where the backing servers come from: local processes, containers, or Azure (../shared/DESIGN.md).</summary>
internal enum ServerMode { Local, Containers }

/// <summary>The backing resources every shop host references.</summary>
internal sealed record ShopResources(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    IResourceBuilder<IResourceWithConnectionString> Blobs,
    IResourceBuilder<IResourceWithConnectionString>? Messaging);

internal static partial class ShopTopology
{
    /// <summary>Configuration key that forces a mode (<c>Local</c> or <c>Containers</c>) instead of asking the container engine.</summary>
    public const string ModeKey = "AppHost:Servers";

    public static ShopResources AddShopResources(this IDistributedApplicationBuilder builder)
    {
        var mode = builder.Configuration[ModeKey] is { Length: > 0 } forced
            ? Enum.Parse<ServerMode>(forced, ignoreCase: true)
            : builder.ExecutionContext.IsPublishMode || ContainerEngineAnswers() ? ServerMode.Containers : ServerMode.Local;

        if (mode == ServerMode.Local)
        {
            if (builder.ExecutionContext.IsPublishMode)
            {
                throw new DistributedApplicationException("Local servers are for run mode only: they cannot be published.");
            }
            var local = LocalServerOptions.From(builder);
            var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, ResourceNames.Database, builder.Port(ResourceNames.Postgres), local);
            return new(postgres, builder.AddLocalRedis(ResourceNames.Cache, builder.Port(ResourceNames.Cache), local),
                builder.AddLocalAzurite(ResourceNames.Storage, builder.Port(ResourceNames.Storage), local), Messaging: null);
        }

        AddAzureEnvironment(builder);
        IResourceBuilder<IResourceWithConnectionString>? blobs = null, messaging = null;
        AddAzureStorage(builder, ref blobs);
        AddAzureMessaging(builder, ref messaging);
        if (blobs is null && builder.ExecutionContext.IsPublishMode)
        {
            throw new DistributedApplicationException("Publishing to Azure needs the AppHost's Azure part: build it with -p:AzureHosting=true (see README).");
        }

        var database = builder.AddPostgres(ResourceNames.Postgres).AddDatabase(ResourceNames.Database);
#pragma warning disable ASPIRECERTIFICATES001 // opting out of TLS is still marked experimental
        // Plain TCP: the services' Redis client is not set up to trust the development certificate.
        var cache = builder.AddRedis(ResourceNames.Cache).WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
        // Without the Azure part there is no Azurite container resource: the npm Azurite runs as a process.
        blobs ??= builder.AddLocalAzurite(ResourceNames.Storage, builder.Port(ResourceNames.Storage), LocalServerOptions.From(builder));
        return new(database, cache, blobs, messaging);
    }

    /// <summary>References every backing resource and waits until each is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithShopResources(this IResourceBuilder<ProjectResource> project, ShopResources shop)
    {
        project.WithReference(shop.Database, ResourceNames.Database).WaitFor(shop.Database)
            .WithReference(shop.Cache).WaitFor(shop.Cache)
            .WithReference(shop.Blobs, ResourceNames.Blobs).WaitFor(shop.Blobs);
        return shop.Messaging is null
            ? project
            : project.WithReference(shop.Messaging).WaitFor(shop.Messaging).WithEnvironment("Messaging__Transport", "ServiceBus");
    }

    /// <summary>In Azure each job is a scheduled Container Apps job; locally the Worker's own scheduler runs them.</summary>
    public static void AddShopJobs(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> worker,
        Func<string, IResourceBuilder<ProjectResource>> addJob) => AddAzureJobs(builder, worker, addJob);

    // Implemented in Azure/AzureTopology.cs, which compiles only with -p:AzureHosting=true; without it they vanish.
    static partial void AddAzureEnvironment(IDistributedApplicationBuilder builder);
    static partial void AddAzureStorage(IDistributedApplicationBuilder builder, ref IResourceBuilder<IResourceWithConnectionString>? blobs);
    static partial void AddAzureMessaging(IDistributedApplicationBuilder builder, ref IResourceBuilder<IResourceWithConnectionString>? messaging);
    static partial void AddAzureJobs(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> worker,
        Func<string, IResourceBuilder<ProjectResource>> addJob);

    /// <summary>`docker info` (or podman, as Aspire's ASPIRE_CONTAINER_RUNTIME says) answers within five seconds.</summary>
    private static bool ContainerEngineAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        try
        {
            using var info = Process.Start(new ProcessStartInfo(runtime, "info") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (info is null)
            {
                return false;
            }
            _ = info.StandardOutput.ReadToEndAsync();
            _ = info.StandardError.ReadToEndAsync();
            if (!info.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                info.Kill();
                return false;
            }
            return info.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
