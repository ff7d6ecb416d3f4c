extern alias WorkerHost;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Catalog.Images;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;

namespace Shop.Tests.Catalog;

/// <summary>Uploading through the Api and waiting for the Worker, for the image tests.</summary>
internal static class ImageSteps
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<Guid> UploadAsync(OrderingStack stack, int itemId, byte[] data, HttpStatusCode expected)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await stack.Client.PutAsync($"/api/catalog/items/{itemId}/image", content, Ct);
        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return Guid.Empty;
        }
        var item = await response.Content.ReadFromJsonAsync<Item>(Ct);
        await using var db = stack.NewDbContext();
        return await db.CatalogImages.Where(i => i.ItemId == itemId).OrderByDescending(i => i.CreatedAt).Select(i => i.Id).FirstAsync(Ct)
            is var id && item!.Image!.Url.Contains(id.ToString("N"), StringComparison.Ordinal) ? id : throw new InvalidOperationException("not the new image");
    }

    internal static async Task<CatalogImage> WaitForStatusAsync(OrderingStack stack, Guid imageId, CatalogImageStatus status)
    {
        CatalogImage? image = null;
        var reached = await Poll.UntilAsync(async () =>
        {
            await using var db = stack.NewDbContext();
            image = await db.CatalogImages.AsNoTracking().SingleAsync(i => i.Id == imageId, Ct);
            return image.Status == status;
        }, TimeSpan.FromSeconds(60));
        Assert.True(reached, $"image {imageId} is {image?.Status}, not {status}");
        return image!;
    }

    internal static async Task<byte[]> DownloadAsync(OrderingStack stack, int itemId, Guid imageId, string file)
    {
        using var response = await stack.Client.GetAsync($"/api/catalog/items/{itemId}/images/{imageId:N}/{file}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    internal static async Task<int> ClaimedAsync(OrderingStack stack)
    {
        await using var db = stack.NewDbContext();
        return await db.OutboxMessages.CountAsync(m => m.Queue == "images" && m.DeliveryCount > 0 && m.AvailableAt > DateTimeOffset.UtcNow, Ct);
    }

    /// <summary>The seed's messages are processed first, so only the test's uploads are in flight at the kill.</summary>
    internal static async Task WaitForSeedRenditionsAsync(OrderingStack stack)
    {
        await using var worker = new HostFactory<WorkerHost::Program>(stack.WorkerSettings());
        worker.StartOnLoopback();
        Assert.True(await Poll.UntilAsync(async () =>
        {
            await using var db = stack.NewDbContext();
            return !await db.OutboxMessages.AnyAsync(m => m.Queue == "images", Ct);
        }, TimeSpan.FromSeconds(60)));
    }
}
