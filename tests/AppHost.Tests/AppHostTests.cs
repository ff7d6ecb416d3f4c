using System.Net;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Shop;

namespace AppHost.Tests;

/// <summary>
/// The Aspire profile end to end: containers and emulators start, the schema is applied, every host
/// turns healthy. Needs a container runtime and full NuGet, so it is not in Local.slnf.
/// </summary>
public sealed class AppHostTests
{
    // A first run pulls PostgreSQL, Redis, Azurite and the Service Bus emulator with its SQL Server.
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Migrations_finish_and_every_host_answers_its_health_check()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartupTimeout);
        var ct = timeout.Token;

        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(ct);
        await using var app = await appHost.BuildAsync(ct);
        await app.StartAsync(ct);

        // Wait for any end state, so a failed migration fails here with its exit code instead of timing out below.
        var migration = await app.ResourceNotifications.WaitForResourceAsync(
            ResourceNames.Migrations,
            e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state),
            ct);
        Assert.Equal(KnownResourceStates.Finished, migration.Snapshot.State?.Text);
        Assert.Equal(0, migration.Snapshot.ExitCode);

        foreach (var host in new[] { ResourceNames.Api, ResourceNames.Worker, ResourceNames.Web })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(host, ct);
        }

        foreach (var host in new[] { ResourceNames.Api, ResourceNames.Web })
        {
            using var client = app.CreateHttpClient(host);
            using var response = await client.GetAsync("/health", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
