using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Shop;

namespace AppHost.Tests;

/// <summary>
/// A bad start fails clearly and never hangs: the broken resource and everything waiting on it end in a failed
/// state (as the dashboard shows), and the AppHost's own log (the terminal) names the resource and the reason.
/// </summary>
public sealed class StartFailureTests
{
    private static readonly string[] _waiting = [ResourceNames.Migrations, ResourceNames.Api, ResourceNames.Worker, ResourceNames.Web];

    [Fact]
    public async Task Without_PostgreSQL_the_start_fails_and_says_it_is_not_installed()
    {
        await using var shop = await ShopApp.StartAsync(["--LocalServers:PostgresBin=/nonexistent/postgresql/bin"], ct: Timeout());

        await AssertFailedAsync(shop, ResourceNames.Postgres, "PostgreSQL is not installed");
    }

    [Fact]
    public async Task A_taken_port_fails_the_start_and_names_the_port()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        // Fixed ports, as under ./run.sh, all free except PostgreSQL's.
        var ports = new[] { ResourceNames.Web, ResourceNames.Api, ResourceNames.Worker, ResourceNames.Payments, ResourceNames.Cache, ResourceNames.Storage }
            .Select(name => $"--Ports:{name}={ShopApp.FreePort()}");
        await using var shop = await ShopApp.StartAsync(
            ["--DcpPublisher:RandomizePorts=false", $"--Ports:{ResourceNames.Postgres}={taken}", .. ports], ct: Timeout());

        await AssertFailedAsync(shop, ResourceNames.Postgres, $"Port {taken} for postgres is already in use");
    }

    [Fact]
    public async Task A_failing_migration_stops_the_hosts_and_shows_its_error()
    {
        // A role that does not exist: the server refuses the login, a failure no retry can fix.
        await using var shop = await ShopApp.StartAsync(configure: builder =>
            builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Migrations)
                .WithEnvironment(context => context.EnvironmentVariables["ConnectionStrings__shopdb"] =
                    ReferenceExpression.Create($"Host=127.0.0.1;Port={builder.CreateResourceBuilder<IResourceWithEndpoints>(ResourceNames.Postgres).GetEndpoint("tcp").Property(EndpointProperty.Port)};Username=nobody;Database=shopdb")),
            ct: Timeout());

        var ct = Timeout();
        var migration = await shop.WaitForEndOrHealthyAsync(ResourceNames.Migrations, ct);
        Assert.NotEqual(0, migration.ExitCode);
        foreach (var host in new[] { ResourceNames.Api, ResourceNames.Worker, ResourceNames.Web })
        {
            var snapshot = await shop.WaitForEndOrHealthyAsync(host, ct);
            Assert.Equal(KnownResourceStates.FailedToStart, snapshot.State?.Text);
        }
        var report = await WaitForReportAsync(shop, ResourceNames.Migrations, ct);
        Assert.True(report.Contains("nobody", StringComparison.Ordinal), $"The report does not name the failing role:\n{report}");
    }

    private static async Task AssertFailedAsync(ShopApp shop, string resource, string reason)
    {
        var ct = Timeout();
        var failed = await shop.WaitForEndOrHealthyAsync(resource, ct);
        Assert.Equal(KnownResourceStates.FailedToStart, failed.State?.Text);
        foreach (var dependent in _waiting)
        {
            var snapshot = await shop.WaitForEndOrHealthyAsync(dependent, ct);
            Assert.Equal(KnownResourceStates.FailedToStart, snapshot.State?.Text);
        }
        var report = await WaitForReportAsync(shop, resource, ct);
        Assert.True(report.Contains(reason, StringComparison.Ordinal), $"The report does not say '{reason}':\n{report}");
    }

    /// <summary>The AppHost's error line about <paramref name="resource"/>, with the last lines of its log.</summary>
    private static async Task<string> WaitForReportAsync(ShopApp shop, string resource, CancellationToken ct)
    {
        var prefix = $"Resource {resource} ";
        for (var i = 0; i < 100; i++)
        {
            if (shop.Log.Lines.FirstOrDefault(l => l.Contains(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }
            await Task.Delay(100, ct);
        }
        Assert.Fail($"The AppHost never reported {resource}. Its log:\n{string.Join('\n', shop.Log.Lines)}");
        return "";
    }

    private static CancellationToken Timeout()
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        return timeout.Token;
    }
}
