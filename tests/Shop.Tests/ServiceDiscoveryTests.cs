using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ServiceDiscovery;

namespace Shop.Tests;

/// <summary>The configuration the AppHost (and test hosts) hand out resolves through Microsoft.Extensions.ServiceDiscovery.</summary>
public sealed class ServiceDiscoveryTests
{
    [Theory]
    [InlineData("https+http://api", "http://127.0.0.1:5090/")]
    [InlineData("https+http://secure", "https://10.1.2.3:8443/")]
    [InlineData("http://api", "http://127.0.0.1:5090/")]
    // A name with no configuration passes through to DNS (Container Apps' internal names).
    [InlineData("https+http://unknown", "Unspecified/unknown:0")]
    public async Task Logical_names_resolve_through_the_services_configuration(string logical, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:api:http:0"] = "http://127.0.0.1:5090",
            ["services:secure:https:0"] = "https://10.1.2.3:8443",
            ["services:secure:http:0"] = "http://10.1.2.3:8080",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddServiceDiscovery().BuildServiceProvider();

        var endpoints = await services.GetRequiredService<ServiceEndpointResolver>()
            .GetEndpointsAsync(logical, TestContext.Current.CancellationToken);

        Assert.Equal(expected, Assert.Single(endpoints.Endpoints).EndPoint.ToString());
    }
}
