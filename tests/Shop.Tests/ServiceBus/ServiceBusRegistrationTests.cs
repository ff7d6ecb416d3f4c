using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Shop.Messaging;
using Shop.Messaging.Postgres;
using Shop.Data;
using Shop.ServiceBus;

namespace Shop.Tests.ServiceBus;

/// <summary>What a host gets for each <c>Messaging:Transport</c>; building the services opens no connection.</summary>
public sealed class ServiceBusRegistrationTests
{
    private const string Emulator = "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

    [Fact]
    public void The_ServiceBus_transport_registers_its_client_store_relay_consumer_and_health_check_once()
    {
        using var host = Build(consume: true, ("Messaging:Transport", "ServiceBus"), ("ConnectionStrings:messaging", Emulator));

        Assert.IsType<ServiceBusDeadLetterStore>(Assert.Single(host.Services.GetServices<IDeadLetterStore>()));
        Assert.NotNull(host.Services.GetRequiredService<ServiceBusClient>());
        var hosted = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.Contains(typeof(ServiceBusOutboxRelay), hosted);
        Assert.Contains(typeof(ServiceBusConsumer), hosted);
        Assert.DoesNotContain(typeof(PostgresQueueConsumer), hosted);
        Assert.Contains("Azure_ServiceBusClient", host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name));
    }

    [Fact]
    public void The_default_transport_is_PostgreSQL_and_needs_no_Service_Bus()
    {
        using var host = Build(consume: true);

        Assert.IsType<PostgresDeadLetterStore>(Assert.Single(host.Services.GetServices<IDeadLetterStore>()));
        var hosted = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.Contains(typeof(PostgresQueueConsumer), hosted);
        Assert.DoesNotContain(typeof(ServiceBusOutboxRelay), hosted);
    }

    [Theory]
    [InlineData("ns.servicebus.windows.net", null, "ns.servicebus.windows.net")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/", null, "ns.servicebus.windows.net")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;EntityPath=orders", null, "ns.servicebus.windows.net")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s;EntityPath=orders",
        "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s", null)]
    [InlineData(Emulator, "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true", null)]
    public void Connection_strings_are_read_as_Aspire_reads_them(string value, string? connectionString, string? fullyQualifiedNamespace)
    {
        var settings = new AzureMessagingServiceBusSettings();
        settings.ParseConnectionString(value);

        Assert.Equal((connectionString, fullyQualifiedNamespace), (settings.ConnectionString, settings.FullyQualifiedNamespace));
        // The emulator has no administration API: nothing may depend on one there.
        Assert.Equal(value != Emulator, ServiceBusExtensions.Administration(settings) is not null);
    }

    private static IHost Build(bool consume, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Configuration["ConnectionStrings:shopdb"] = "Host=127.0.0.1;Database=unused";
        builder.AddShopDatabase(waitForSchema: false);
        builder.AddShopMessaging(consume);
        return builder.Build();
    }
}
