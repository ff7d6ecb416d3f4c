using Azure;
using Shop.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

public sealed class BlobClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_get_list_delete_round_trip_against_azurite()
    {
        var service = new BlobServiceClient(TestServers.BlobConnectionString());
        var container = service.GetBlobContainerClient($"t{Guid.NewGuid():N}");
        Assert.True(await container.CreateIfNotExistsAsync(Ct));
        Assert.False(await container.CreateIfNotExistsAsync(Ct));

        var blob = container.GetBlobClient("dir/hello world.txt");
        var uploaded = await blob.UploadAsync(BinaryData.FromString("héllo"), overwrite: false, "text/plain", Ct);
        Assert.NotEqual(default, uploaded.Value.ETag);
        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() =>
            blob.UploadAsync(BinaryData.FromString("again"), overwrite: false, cancellationToken: Ct));
        Assert.Equal(409, conflict.Status);
        await container.GetBlobClient("other.txt").UploadAsync(BinaryData.FromString("x"), cancellationToken: Ct);

        var downloaded = await blob.DownloadContentAsync(Ct);
        Assert.Equal("héllo", downloaded.Value.Content.ToString());
        Assert.Equal("text/plain", downloaded.Value.Details.ContentType);
        await using (var streamed = (await blob.DownloadStreamingAsync(Ct)).Value)
        {
            using var reader = new StreamReader(streamed.Content);
            Assert.Equal("héllo", await reader.ReadToEndAsync(Ct));
        }

        var listed = await container.GetBlobsAsync("dir/", Ct).ToListAsync(Ct);
        var item = Assert.Single(listed);
        Assert.Equal("dir/hello world.txt", item.Name);
        Assert.Equal(6, item.ContentLength);

        Assert.True(await blob.DeleteIfExistsAsync(Ct));
        Assert.False(await blob.ExistsAsync(Ct));
        Assert.False(await blob.DeleteIfExistsAsync(Ct));
        Assert.Single(await container.GetBlobsAsync(cancellationToken: Ct).ToListAsync(Ct));
        Assert.True(await container.DeleteIfExistsAsync(Ct));
    }

    [Fact]
    public async Task A_wrong_account_key_is_rejected_with_a_clear_error()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var service = new BlobServiceClient(TestServers.BlobConnectionString(key: wrongKey));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            service.GetBlobContainerClient("any").CreateIfNotExistsAsync(Ct));

        Assert.Equal(403, error.Status);
        Assert.Contains("403", error.Message);
        Assert.Contains("account key", error.Message);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10000/devstoreaccount1", true)]
    [InlineData("Endpoint=https://acct.blob.core.windows.net/", "https://acct.blob.core.windows.net/", false)]
    [InlineData("https://acct.blob.core.windows.net", "https://acct.blob.core.windows.net/", false)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net", "https://acct.blob.core.windows.net/", true)]
    public void Connection_strings_in_every_supported_form_parse(string connectionString, string endpoint, bool sharedKey)
    {
        var parsed = StorageConnection.Parse(connectionString);
        Assert.Equal(new Uri(endpoint), parsed.BlobEndpoint);
        Assert.Equal(sharedKey, parsed.UsesSharedKey);
    }
}
