using Shop;
using Shop.Data;
using Shop.Storage;

namespace Worker;

/// <summary>The host of a role that does one thing and exits (`migrate`, `job`): database and storage, no consumers.</summary>
internal static class OneShotHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddServiceDefaults();
        builder.AddShopTelemetry();
        builder.AddShopDatabase(waitForSchema: false);
        builder.AddShopStorage();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
