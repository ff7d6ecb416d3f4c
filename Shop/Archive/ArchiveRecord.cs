using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Shop.Ordering;

namespace Shop.Archive;

public sealed record ArchivedLine(int LineNo, int ItemId, string ItemName, decimal UnitPrice, int Quantity);

public sealed record ArchivedStatusChange(OrderStatus Status, string Reason, DateTimeOffset At);

/// <summary>One line of an archive blob: the whole order, with its lines, history and totals.</summary>
public sealed record ArchiveRecord(
    Guid Id, string Email, OrderStatus Status, decimal Total, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<ArchivedLine> Lines, IReadOnlyList<ArchivedStatusChange> History)
{
    public static ArchiveRecord From(Order order) => new(order.Id, order.Email, order.Status, order.Total, order.CreatedAt, order.UpdatedAt,
        [.. order.Lines.OrderBy(l => l.LineNo).Select(l => new ArchivedLine(l.LineNo, l.ItemId, l.ItemName, l.UnitPrice, l.Quantity))],
        [.. order.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new ArchivedStatusChange(h.Status, h.Reason, h.At))]);
}

/// <summary>gzip-compressed JSON Lines, with a SHA-256 of the uncompressed text to verify the upload by.</summary>
public static class ArchiveFormat
{
    public static (byte[] Gzip, string Checksum) Write(IEnumerable<ArchiveRecord> records)
    {
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(JsonSerializer.Serialize(record, JsonSerializerOptions.Web)).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return (buffer.ToArray(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static (List<ArchiveRecord> Records, string Checksum) Read(byte[] gzipped)
    {
        using var gzip = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        var bytes = plain.ToArray();
        var records = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<ArchiveRecord>(line, JsonSerializerOptions.Web)!).ToList();
        return (records, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
