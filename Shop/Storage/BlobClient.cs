using System.Globalization;
using Azure;
using Azure.Core;

namespace Shop.Storage;

public sealed class BlobClient
{
    private readonly BlobServiceClient _service;

    internal BlobClient(BlobServiceClient service, BlobContainerClient container, string name)
    {
        _service = service;
        Name = name;
        BlobContainerName = container.Name;
        var path = string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
        Uri = BlobServiceClient.Combine(container.Uri, path);
    }

    public string Name { get; }
    public string BlobContainerName { get; }
    public Uri Uri { get; }

    /// <summary>Uploads a block blob. With <paramref name="overwrite"/> false an existing blob fails with 409.</summary>
    public async Task<Response<BlobContentInfo>> UploadAsync(BinaryData content, bool overwrite = false,
        string? contentType = null, CancellationToken cancellationToken = default)
    {
        var response = await _service.SendAsync(RequestMethod.Put, Uri, null, request =>
        {
            request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
            request.Headers.SetValue("Content-Type", contentType ?? "application/octet-stream");
            if (!overwrite)
            {
                request.Headers.SetValue("If-None-Match", "*");
            }
            request.Content = RequestContent.Create(content);
        }, cancellationToken);
        using (response)
        {
            return Response.FromValue(new BlobContentInfo(ReadETag(response), ReadLastModified(response)), response);
        }
    }

    public async Task<Response<BlobDownloadResult>> DownloadContentAsync(CancellationToken cancellationToken = default)
    {
        var response = await _service.SendAsync(RequestMethod.Get, Uri, null, null, cancellationToken);
        using (response)
        {
            return Response.FromValue(new BlobDownloadResult(response.Content, ReadProperties(response)), response);
        }
    }

    /// <summary>Streams the body without buffering it; dispose the result.</summary>
    public async Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(CancellationToken cancellationToken = default)
    {
        using var message = _service.Pipeline.CreateMessage();
        message.BufferResponse = false;
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(Uri);
        await _service.Pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.Status >= 400)
        {
            throw BlobServiceClient.StorageError(response);
        }
        // Detach the body so it outlives the message; the caller disposes the result.
        var stream = message.ExtractResponseContent() ?? Stream.Null;
        return Response.FromValue(new BlobDownloadStreamingResult(stream, ReadProperties(response)), response);
    }

    public async Task<Response<BlobProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        var response = await _service.SendAsync(RequestMethod.Head, Uri, null, null, cancellationToken);
        using (response)
        {
            return Response.FromValue(ReadProperties(response), response);
        }
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _service.SendAsync(RequestMethod.Head, Uri, null, null, cancellationToken, 404);
        return response.Status == 200;
    }

    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _service.SendAsync(RequestMethod.Delete, Uri, null, null, cancellationToken, 404);
        return response.Status == 202;
    }

    private static BlobProperties ReadProperties(Response response) => new(
        response.Headers.ContentLength ?? 0,
        response.Headers.ContentType,
        ReadETag(response),
        ReadLastModified(response));

    private static ETag ReadETag(Response response) =>
        response.Headers.ETag ?? default;

    private static DateTimeOffset ReadLastModified(Response response) =>
        response.Headers.TryGetValue("Last-Modified", out var value)
            ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture)
            : default;
}
