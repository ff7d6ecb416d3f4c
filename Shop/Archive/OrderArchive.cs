using Microsoft.EntityFrameworkCore;
using Shop.Data;
using Shop.Storage;

namespace Shop.Archive;

/// <summary>Finds an archived order through its pointer, so it stays readable after it left the hot tables.</summary>
public sealed class OrderArchive(ShopDbContext db, BlobContainers containers)
{
    public async Task<ArchiveRecord?> FindAsync(Guid orderId, CancellationToken ct)
    {
        var pointer = await db.ArchivedOrders.AsNoTracking().SingleOrDefaultAsync(a => a.OrderId == orderId, ct);
        if (pointer is null)
        {
            return null;
        }
        var archive = await containers.GetAsync(BlobContainers.Archive, ct);
        var content = await archive.GetBlobClient(pointer.BlobName).DownloadContentAsync(ct);
        return ArchiveFormat.Read(content.Value.Content.ToArray()).Records.SingleOrDefault(r => r.Id == orderId);
    }
}
