using System.ComponentModel.DataAnnotations;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Data;
using Shop.Jobs;
using Shop.Ordering;
using Shop.Storage;

namespace Shop.Archive;

/// <summary>Section <c>Archive</c>.</summary>
public sealed class ArchiveOptions
{
    public const string Section = "Archive";

    [Range(0, 36_500)]
    public int AfterDays { get; set; } = 90;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Fault injection for tests: a window between the verified upload and the delete in which to kill the job.</summary>
    public TimeSpan PauseAfterUpload { get; set; }
}

/// <summary>
/// Moves final orders older than AfterDays to the <c>archive</c> container as gzip JSON Lines
/// (<c>orders/yyyy/MM/dd/&lt;batch&gt;.jsonl.gz</c>). A batch is tagged on the orders first; its blobs are
/// named by date and batch, read back and verified before the rows are deleted in one transaction with
/// their archive pointers. A crash at any point leaves tagged rows, which the next run archives under the
/// same names: nothing is lost and no order lands in two blobs.
/// </summary>
public sealed partial class ArchiveOrdersJob(
    ShopDbContext db, BlobContainers containers, IOptions<ArchiveOptions> options, ILogger<ArchiveOrdersJob> logger) : IJob
{
    private static readonly OrderStatus[] _final = [OrderStatus.Confirmed, OrderStatus.Rejected, OrderStatus.PaymentFailed];

    public async Task<int> RunAsync(JobContext context, CancellationToken ct)
    {
        var settings = options.Value;
        var archive = await containers.GetAsync(BlobContainers.Archive, ct);
        var archived = 0;
        var unfinished = await db.Orders.Where(o => o.ArchiveBatch != null).Select(o => o.ArchiveBatch!.Value).Distinct().ToListAsync(ct);
        foreach (var batch in unfinished)
        {
            LogResuming(logger, batch);
            archived += await ArchiveBatchAsync(archive, batch, settings, ct);
        }
        var cutoff = context.Now.AddDays(-settings.AfterDays);
        while (!ct.IsCancellationRequested)
        {
            var ids = await db.Orders.Where(o => o.ArchiveBatch == null && _final.Contains(o.Status) && o.CreatedAt < cutoff)
                .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Select(o => o.Id).Take(settings.BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                break;
            }
            var batch = Guid.CreateVersion7(context.Now);
            await db.Orders.Where(o => ids.Contains(o.Id) && o.ArchiveBatch == null)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ArchiveBatch, batch), ct);
            archived += await ArchiveBatchAsync(archive, batch, settings, ct);
        }
        return archived;
    }

    private async Task<int> ArchiveBatchAsync(BlobContainerClient archive, Guid batch, ArchiveOptions settings, CancellationToken ct)
    {
        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History).AsSplitQuery()
            .Where(o => o.ArchiveBatch == batch).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(ct);
        var pointers = new List<ArchivedOrder>();
        foreach (var day in orders.GroupBy(o => o.CreatedAt.UtcDateTime.Date))
        {
            var name = $"orders/{day.Key:yyyy'/'MM'/'dd}/{batch}.jsonl.gz";
            var (gzip, checksum) = ArchiveFormat.Write(day.Select(ArchiveRecord.From));
            var blob = archive.GetBlobClient(name);
            await blob.UploadAsync(BinaryData.FromBytes(gzip), overwrite: true, cancellationToken: ct);
            var (readBack, readChecksum) = ArchiveFormat.Read((await blob.DownloadContentAsync(ct)).Value.Content.ToArray());
            if (readBack.Count != day.Count() || readChecksum != checksum)
            {
                throw new InvalidOperationException($"Archive blob {name} did not verify ({readBack.Count} of {day.Count()} records); nothing was deleted.");
            }
            pointers.AddRange(day.Select(o => new ArchivedOrder { OrderId = o.Id, BlobName = name, ArchivedAt = DateTimeOffset.UtcNow }));
        }
        if (settings.PauseAfterUpload > TimeSpan.Zero)
        {
            await Task.Delay(settings.PauseAfterUpload, ct);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ArchivedOrders.AddRange(pointers);
        await db.SaveChangesAsync(ct);
        await db.Orders.Where(o => o.ArchiveBatch == batch).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        LogArchived(logger, orders.Count, batch);
        return orders.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming archive batch {Batch} left by an interrupted run")]
    private static partial void LogResuming(ILogger logger, Guid batch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Archived {Count} order(s) in batch {Batch}")]
    private static partial void LogArchived(ILogger logger, int count, Guid batch);
}
