using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// Runs a real host (Api, Worker or Web) in process against real servers; only configuration
/// differs from production. With <see cref="StartOnLoopback"/> it listens on a real port.
/// </summary>
public sealed class HostFactory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    /// <summary>Development unless a test checks what production does differently.</summary>
    public string Environment { get; init; } = "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    /// <summary>Starts Kestrel on a free loopback port and returns its base address.</summary>
    /// <remarks>
    /// <c>UseKestrel(0)</c> rewrites the server's address list after the app's own thread may already
    /// have bound Kestrel, which fails at random (dotnet/aspnetcore#67714). An explicit endpoint
    /// leaves the address list to Kestrel, which fills it in with the bound port.
    /// </remarks>
    public Uri StartOnLoopback()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }
}

public static class Settings
{
    public static Dictionary<string, string?> For(string database, string? redis = null, string? blobs = null) => new()
    {
        ["ConnectionStrings:shopdb"] = database,
        ["ConnectionStrings:cache"] = redis ?? TestServers.RedisConnectionString(),
        ["ConnectionStrings:blobs"] = blobs ?? TestServers.BlobConnectionString(),
        // Nothing listens on the discard port: tests that charge payments set their own provider.
        ["Payments:BaseUrl"] = "http://127.0.0.1:9/simulated-payments",
        // Every test client is 127.0.0.1: only the rate-limit tests turn the limits on.
        ["RateLimits:Enabled"] = "false",
    };
}
