using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Azure;
using Azure.Core;

namespace Shop.Storage;

public sealed class BlobContainerClient
{
    private readonly BlobServiceClient _service;

    internal BlobContainerClient(BlobServiceClient service, string name)
    {
        _service = service;
        Name = name;
        Uri = BlobServiceClient.Combine(service.Uri, Uri.EscapeDataString(name));
    }

    public string Name { get; }
    public Uri Uri { get; }

    public BlobClient GetBlobClient(string blobName) => new(_service, this, blobName);

    /// <summary>Creates the container; true when it was created, false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _service.SendAsync(RequestMethod.Put, Uri, "restype=container", null, cancellationToken, 409);
        return response.Status == 201;
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _service.SendAsync(RequestMethod.Head, Uri, "restype=container", null, cancellationToken, 404);
        return response.Status == 200;
    }

    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _service.SendAsync(RequestMethod.Delete, Uri, "restype=container", null, cancellationToken, 404);
        return response.Status == 202;
    }

    /// <summary>Lists blobs by name order, following continuation markers page by page.</summary>
    public async IAsyncEnumerable<BlobItem> GetBlobsAsync(string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? marker = null;
        do
        {
            var query = "restype=container&comp=list&maxresults=1000";
            if (!string.IsNullOrEmpty(prefix))
            {
                query += "&prefix=" + Uri.EscapeDataString(prefix);
            }
            if (!string.IsNullOrEmpty(marker))
            {
                query += "&marker=" + Uri.EscapeDataString(marker);
            }
            using var response = await _service.SendAsync(RequestMethod.Get, Uri, query, null, cancellationToken);
            var xml = XDocument.Parse(response.Content.ToString());
            foreach (var blob in xml.Descendants("Blob"))
            {
                var p = blob.Element("Properties")!;
                yield return new BlobItem(
                    (string)blob.Element("Name")!,
                    (long?)p.Element("Content-Length") ?? 0,
                    (string?)p.Element("Content-Type"),
                    new ETag((string?)p.Element("Etag") ?? ""),
                    DateTimeOffset.Parse((string)p.Element("Last-Modified")!, CultureInfo.InvariantCulture));
            }
            marker = (string?)xml.Root?.Element("NextMarker");
        }
        while (!string.IsNullOrEmpty(marker));
    }
}
