using System.Text;
using Microsoft.EntityFrameworkCore;
using Shop.Catalog;
using Shop.Jobs;
using Shop.Messaging;
using Shop.Ordering;

namespace Shop.Data;

public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<CatalogItem> CatalogItems => Set<CatalogItem>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();
    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<ArchivedOrder> ArchivedOrders => Set<ArchivedOrder>();

    /// <summary>Queues to NOTIFY once the current transaction commits (see OutboxNotifier).</summary>
    internal HashSet<string> PendingNotifications { get; } = [];

    internal const string SearchVectorSql =
        "setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CatalogItem>(item =>
        {
            item.Property(i => i.Name).HasMaxLength(200);
            item.Property(i => i.Description).HasMaxLength(4000);
            item.Property(i => i.Price).HasPrecision(10, 2);
            item.Property(i => i.ImageBlob).HasMaxLength(200);
            item.Property(i => i.ImageContentType).HasMaxLength(100);
            item.Property(i => i.Version).IsRowVersion();
            // Name weighs more than description, so an exact-name search ranks that item first.
            item.Property(i => i.SearchVector).HasComputedColumnSql(SearchVectorSql, stored: true);
            item.HasIndex(i => i.SearchVector).HasMethod("GIN");
            item.ToTable(t => t.HasCheckConstraint("ck_catalog_items_stock", "stock >= 0"));
        });
        OrderingModel.Configure(modelBuilder);
        UseSnakeCase(modelBuilder);
    }

    /// <summary>PostgreSQL names are snake_case, so hand-written SQL migrations read naturally.</summary>
    private static void UseSnakeCase(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(ToSnakeCase(entity.GetTableName()!));
            foreach (var property in entity.GetProperties())
            {
                if (property.Name != nameof(CatalogItem.Version))
                {
                    property.SetColumnName(ToSnakeCase(property.Name));
                }
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName()!));
            }
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(ToSnakeCase(foreignKey.GetConstraintName()!));
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName()!));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && name[i - 1] != '_' && !char.IsUpper(name[i - 1]))
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
