using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Shop.Storage;

/// <summary>
/// The part of Azure.Storage.Blobs' <c>BlobServiceClient</c> this shop needs, over Azure.Core's
/// HttpPipeline (retries, logging, diagnostics). Azure.Storage.Blobs v12 does not restore here;
/// the method names and shapes follow it so the package can replace this folder.
/// </summary>
public sealed class BlobServiceClient
{
    internal const string ApiVersion = "2024-11-04";
    private const string Scope = "https://storage.azure.com/.default";

    public BlobServiceClient(string connectionString, TokenCredential? credential = null, BlobClientOptions? options = null)
    {
        var connection = StorageConnection.Parse(connectionString);
        Uri = connection.BlobEndpoint;
        AccountName = connection.AccountName;
        HttpPipelinePolicy auth = connection.UsesSharedKey
            ? new SharedKeyPolicy(connection.AccountName!, connection.AccountKey!)
            : new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(
                nameof(credential), "An endpoint-only blob connection string needs a TokenCredential (managed identity)."), Scope);
        Pipeline = HttpPipelineBuilder.Build(options ?? new BlobClientOptions(), [], [new VersionPolicy(), auth], new ResponseClassifier());
    }

    public Uri Uri { get; }
    public string? AccountName { get; }
    internal HttpPipeline Pipeline { get; }

    public BlobContainerClient GetBlobContainerClient(string containerName) => new(this, containerName);

    /// <summary>Lists up to <paramref name="max"/> container names; a cheap probe that the account answers and accepts our credentials.</summary>
    public async Task<IReadOnlyList<string>> GetBlobContainerNamesAsync(int max = 100, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(RequestMethod.Get, Combine(Uri, ""), $"comp=list&maxresults={max}", null, cancellationToken);
        var xml = XDocument.Parse(response.Content.ToString());
        return [.. xml.Descendants("Container").Select(c => (string)c.Element("Name")!)];
    }

    internal async Task<Response> SendAsync(RequestMethod method, Uri uri, string? query, Action<Request>? configure, CancellationToken ct, params int[] accepted)
    {
        using var request = Pipeline.CreateRequest();
        request.Method = method;
        request.Uri.Reset(query is null ? uri : new UriBuilder(uri) { Query = query }.Uri);
        configure?.Invoke(request);
        var response = await Pipeline.SendRequestAsync(request, ct);
        if (response.Status >= 400 && !accepted.Contains(response.Status))
        {
            using (response)
            {
                throw StorageError(response);
            }
        }
        return response;
    }

    internal static Uri Combine(Uri baseUri, string path) =>
        new($"{baseUri.AbsoluteUri.TrimEnd('/')}/{path}");

    internal static RequestFailedException StorageError(Response response)
    {
        var code = response.Headers.TryGetValue("x-ms-error-code", out var c) ? c : null;
        string? detail = null;
        try
        {
            var body = response.Content.ToString();
            if (body.Length > 0)
            {
                var error = XDocument.Parse(body).Root;
                code ??= (string?)error?.Element("Code");
                detail = ((string?)error?.Element("Message"))?.Split('\n')[0];
            }
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or InvalidOperationException)
        {
            // HEAD errors have no body, and a streamed error body is not buffered.
        }
        var hint = response.Status == 403 ? " Check the account key or the identity's role on the storage account." : "";
        return new RequestFailedException(response.Status,
            $"Blob storage answered {response.Status} {response.ReasonPhrase} ({code ?? "no error code"}): {detail ?? "no details"}.{hint}",
            code, null);
    }

    private sealed class VersionPolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("x-ms-version", ApiVersion);
    }
}
