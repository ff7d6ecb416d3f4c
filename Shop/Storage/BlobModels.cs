using Azure;

namespace Shop.Storage;

/// <summary>Options for every client created from one <see cref="BlobServiceClient"/> (retries, diagnostics).</summary>
public sealed class BlobClientOptions : Azure.Core.ClientOptions;

public sealed record BlobItem(string Name, long ContentLength, string? ContentType, ETag ETag, DateTimeOffset LastModified);

public sealed record BlobContentInfo(ETag ETag, DateTimeOffset LastModified);

public sealed record BlobProperties(long ContentLength, string? ContentType, ETag ETag, DateTimeOffset LastModified);

public sealed record BlobDownloadResult(BinaryData Content, BlobProperties Details);

public sealed record BlobDownloadStreamingResult(Stream Content, BlobProperties Details) : IDisposable, IAsyncDisposable
{
    public void Dispose() => Content.Dispose();
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
