using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Shop.Data;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

/// <summary>The connection settings AddShopDatabase promises, read back from a real server session.</summary>
public sealed class DatabaseSettingsTests
{
    [Fact]
    public async Task Pooled_connections_keep_their_prepared_statements_and_the_consumer_commits_asynchronously()
    {
        await using var dataSource = DataSource(TestServers.PostgresConnectionString("postgres"), asynchronousCommit: true);
        var ct = TestContext.Current.CancellationToken;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            await using var mark = new NpgsqlCommand("SET shop.marker = 'kept'", connection);
            await mark.ExecuteNonQueryAsync(ct);
            for (var i = 0; i < 6; i++)
            {
                await using var hot = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relname = $1", connection) { Parameters = { new() { Value = "x" } } };
                await hot.ExecuteScalarAsync(ct);
            }
        }
        // The pool hands back the same session: not reset (DISCARD ALL would drop both).
        await using var again = await dataSource.OpenConnectionAsync(ct);
        Assert.Equal("kept", await Scalar(again, "SELECT current_setting('shop.marker', true)"));
        Assert.True(Convert.ToInt64(await Scalar(again, "SELECT count(*) FROM pg_prepared_statements"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("off client", await Scalar(again, SynchronousCommit));
    }

    [Fact]
    public async Task The_api_commits_synchronously_and_given_settings_win()
    {
        await using var api = DataSource(TestServers.PostgresConnectionString("postgres"), asynchronousCommit: false);
        await using var connection = await api.OpenConnectionAsync(TestContext.Current.CancellationToken);
        // Whatever the server's default is (the test server's own may be off), the Api does not override it.
        Assert.DoesNotContain("client", (string?)await Scalar(connection, SynchronousCommit), StringComparison.Ordinal);
        var kept = new NpgsqlConnectionStringBuilder(DatabaseExtensions.WithPerformanceDefaults(
            "Host=h;Max Auto Prepare=0;NoResetOnClose=false", multiplexing: true));
        Assert.Equal(0, kept.MaxAutoPrepare);
        Assert.False(kept.NoResetOnClose);
        Assert.True(kept.Multiplexing);
    }

    /// <summary>The setting and where it came from: <c>client</c> when the connection's startup options set it.</summary>
    private const string SynchronousCommit = "SELECT setting || ' ' || source FROM pg_settings WHERE name = 'synchronous_commit'";

    private static NpgsqlDataSource DataSource(string connectionString, bool asynchronousCommit)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new($"ConnectionStrings:{ResourceNames.Database}", connectionString + ";Maximum Pool Size=1")]);
        builder.AddShopDatabase(waitForSchema: false, asynchronousCommit: asynchronousCommit);
        return builder.Build().Services.GetRequiredService<NpgsqlDataSource>();
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
