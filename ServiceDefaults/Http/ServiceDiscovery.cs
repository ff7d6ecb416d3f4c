using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Http;

/// <summary>
/// Aspire's configuration-based service discovery: <c>http://api</c> resolves through
/// <c>services:api:http:0</c>, and <c>https+http://api</c> prefers https and falls back to http.
/// A name with no configuration entry is left alone, so platform DNS (Container Apps) still works.
/// </summary>
public static class ServiceDiscovery
{
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.AddSingleton<ServiceEndpointResolver>();
        return services;
    }

    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder http) =>
        http.AddHttpMessageHandler(sp => new ServiceDiscoveryHandler(sp.GetRequiredService<ServiceEndpointResolver>()));
}

public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    public Uri Resolve(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return uri;
        }
        foreach (var scheme in uri.Scheme.Split('+'))
        {
            var endpoint = configuration[$"services:{uri.Host}:{scheme}:0"];
            if (!string.IsNullOrWhiteSpace(endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var resolved))
            {
                var builder = new UriBuilder(uri) { Scheme = resolved.Scheme, Host = resolved.Host, Port = resolved.Port };
                return builder.Uri;
            }
        }
        if (uri.Scheme.Contains('+', StringComparison.Ordinal))
        {
            // Unresolved multi-scheme names fall back to the last (plainest) scheme on platform DNS.
            return new UriBuilder(uri) { Scheme = uri.Scheme.Split('+')[^1], Port = -1 }.Uri;
        }
        return uri;
    }
}

internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = resolver.Resolve(uri);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
