extern alias ApiHost;

using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Catalog;
using Shop.Data;
using Shop.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Catalog;

/// <summary>A seeded database, a private Redis (cache keys would collide across databases) and the Api.</summary>
public sealed class CatalogFixture : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";
    public ShopDatabase Database { get; } = new();
    public OwnRedis Redis { get; } = new();
    public HostFactory<ApiHost::Program> Api { get; private set; } = null!;
    public Spans Spans { get; } = [];

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await Redis.StartAsync();
        await using (var db = NewDbContext())
        {
            await Seed.CatalogAsync(db);
        }
        var settings = Settings.For(Database.ConnectionString, Redis.ConnectionString);
        settings["Admin:Token"] = AdminToken;
        Api = new HostFactory<ApiHost::Program>(settings, Spans.AddTo);
    }

    public ShopDbContext NewDbContext() =>
        ShopDatabase.NewDbContext(Database.ConnectionString);

    public HttpClient Client() => Api.CreateClient();

    private readonly Lock _startLock = new();
    private Uri? _apiAddress;

    /// <summary>The Api on a real loopback port (for browsers); call before any <see cref="Client"/>.</summary>
    public Uri ApiAddress()
    {
        lock (_startLock)
        {
            return _apiAddress ??= Api.StartOnLoopback();
        }
    }

    public HttpClient AdminClient()
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
