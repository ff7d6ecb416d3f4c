using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;

namespace Shop.ServiceBus;

/// <summary>
/// ConnectionStrings__messaging comes in two shapes, parsed the way Aspire.Azure.Messaging.ServiceBus does:
/// a full connection string (the emulator, or shared keys) or the namespace endpoint alone (Azure, where
/// the host authenticates with its managed identity through DefaultAzureCredential).
/// </summary>
internal sealed record ServiceBusConnection(string Value, bool IsConnectionString)
{
    /// <summary>The emulator has no administration API, so nothing may depend on one there.</summary>
    public bool IsEmulator =>
        IsConnectionString && Value.Contains("UseDevelopmentEmulator=true", StringComparison.OrdinalIgnoreCase);

    public static ServiceBusConnection Parse(string value)
    {
        // EntityPath would pin the client to one entity; the shop addresses its queues by name.
        var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !p.StartsWith("EntityPath=", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        if (parts.Length == 1 && !parts[0].Contains('='))
        {
            return new(HostOf(parts[0]), IsConnectionString: false);
        }
        if (parts.Length == 1 && parts[0].StartsWith("Endpoint=", StringComparison.OrdinalIgnoreCase))
        {
            return new(HostOf(parts[0]["Endpoint=".Length..]), IsConnectionString: false);
        }
        return new(string.Join(';', parts), IsConnectionString: true);
    }

    public ServiceBusClient CreateClient() => IsConnectionString
        ? new ServiceBusClient(Value)
        : new ServiceBusClient(Value, new DefaultAzureCredential());

    public ServiceBusAdministrationClient CreateAdministrationClient() => IsConnectionString
        ? new ServiceBusAdministrationClient(Value)
        : new ServiceBusAdministrationClient(Value, new DefaultAzureCredential());

    private static string HostOf(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Host : endpoint.TrimEnd('/');
}
