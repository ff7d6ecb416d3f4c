using Microsoft.Extensions.Configuration;
using ServiceDefaults.Http;

namespace Shop.Tests;

public sealed class ServiceDiscoveryTests
{
    private static readonly ServiceEndpointResolver _resolver = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:api:http:0"] = "http://127.0.0.1:5090",
            ["services:secure:https:0"] = "https://10.1.2.3:8443",
        }).Build());

    [Theory]
    [InlineData("http://api/api/catalog/items?page=2", "http://127.0.0.1:5090/api/catalog/items?page=2")]
    [InlineData("https+http://api/health", "http://127.0.0.1:5090/health")]
    [InlineData("https+http://secure/x", "https://10.1.2.3:8443/x")]
    [InlineData("https+http://unknown/x", "http://unknown/x")]
    [InlineData("http://example.org/x", "http://example.org/x")]
    public void Logical_names_resolve_through_configuration(string logical, string expected) =>
        Assert.Equal(new Uri(expected), _resolver.Resolve(new Uri(logical)));
}
