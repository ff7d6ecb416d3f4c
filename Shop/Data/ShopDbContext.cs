using Microsoft.EntityFrameworkCore;
using Shop.Archive;
using Shop.Catalog;
using Shop.Catalog.Images;
using Shop.Jobs;
using Shop.Messaging;
using Shop.Ordering;

namespace Shop.Data;

/// <summary>
/// The system of record. Each entity is mapped by its own <c>Configurations/*Configuration.cs</c>; names are
/// snake_case (EFCore.NamingConventions), so the raw SQL of the queue reads like the rest of PostgreSQL.
/// The schema comes from the EF migrations in <c>Migrations/</c>, applied by <c>Worker migrate</c>.
/// </summary>
public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<CatalogItem> CatalogItems => Set<CatalogItem>();
    public DbSet<CatalogImage> CatalogImages => Set<CatalogImage>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();
    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<ArchivedOrder> ArchivedOrders => Set<ArchivedOrder>();

    /// <summary>Queues to NOTIFY once the current transaction commits (see OutboxNotifier).</summary>
    internal HashSet<string> PendingNotifications { get; } = [];

    /// <summary>What every way of making a context (hosts, tests, dotnet-ef) adds to its connection.</summary>
    public static DbContextOptionsBuilder Conventions(DbContextOptionsBuilder options) => options.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ShopDbContext).Assembly);
}
