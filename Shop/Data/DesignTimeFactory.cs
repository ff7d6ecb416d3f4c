using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Shop.Data;

/// <summary>
/// For <c>dotnet ef migrations add &lt;Name&gt; --project Shop</c>: the hosts build the context from Aspire's data
/// source, which dotnet-ef cannot start. No connection is opened to add a migration.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ShopDbContext>
{
    public ShopDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ShopDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__shopdb") ?? "Host=localhost;Database=shopdb");
        ShopDbContext.Conventions(options);
        return new ShopDbContext(options.Options);
    }
}
