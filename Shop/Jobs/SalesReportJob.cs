using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shop.Data;
using Shop.Storage;

namespace Shop.Jobs;

/// <summary>
/// The daily sales CSV in the <c>reports</c> container (<c>sales/yyyy-MM-dd.csv</c>): confirmed orders,
/// units and revenue per item for one UTC day, then totals. The day is yesterday unless <c>--date</c>
/// says otherwise. The same day always gives the same bytes, so a re-run simply rewrites the file.
/// </summary>
public sealed class SalesReportJob(ShopDbContext db, BlobContainers containers) : IJob
{
    public async Task<int> RunAsync(JobContext context, CancellationToken ct)
    {
        var day = context.Arguments.TryGetValue("date", out var text)
            ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : DateOnly.FromDateTime(context.Now.UtcDateTime).AddDays(-1);
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddDays(1);
        var rows = await db.Database.SqlQuery<SalesRow>($"""
            SELECT l.item_id, max(l.item_name) AS item_name, count(DISTINCT o.id)::int AS orders,
                   sum(l.quantity)::int AS units, sum(l.quantity * l.unit_price) AS revenue
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.status = 'Confirmed' AND o.created_at >= {from} AND o.created_at < {to}
            GROUP BY l.item_id ORDER BY l.item_id
            """).ToListAsync(ct);
        var orders = await db.Orders.CountAsync(o => o.Status == Ordering.OrderStatus.Confirmed && o.CreatedAt >= from && o.CreatedAt < to, ct);

        var reports = await containers.GetAsync(BlobContainers.Reports, ct);
        await reports.GetBlobClient($"sales/{day:yyyy-MM-dd}.csv")
            .UploadAsync(BinaryData.FromString(Csv(rows, orders)), overwrite: true, cancellationToken: ct);
        return orders;
    }

    internal static string Csv(IReadOnlyList<SalesRow> rows, int orders)
    {
        var csv = new StringBuilder("item_id,item_name,orders,units,revenue_eur\n");
        foreach (var row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{row.ItemId},\"{row.ItemName.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{row.Orders},{row.Units},{row.Revenue:0.00}\n");
        }
        csv.Append(CultureInfo.InvariantCulture, $"total,,{orders},{rows.Sum(r => r.Units)},{rows.Sum(r => r.Revenue):0.00}\n");
        return csv.ToString();
    }

    internal sealed record SalesRow(int ItemId, string ItemName, int Orders, int Units, decimal Revenue);
}
