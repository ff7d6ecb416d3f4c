extern alias WorkerHost;

using System.Net;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Catalog.Images;
using Shop.Storage;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;

namespace Shop.Tests.Catalog;

/// <summary>The image pipeline after failures: a Worker killed mid-resize, and housekeeping of replaced images.</summary>
public sealed class ImageRecoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Worker_killed_mid_resize_finishes_after_a_restart_with_no_duplicates()
    {
        await using var stack = await OrderingStack.StartAsync(startWorker: false);
        await ImageSteps.WaitForSeedRenditionsAsync(stack);
        var photo = TestImages.Photo(4000, 3000);
        List<Guid> ids = [];
        for (var item = 21; item <= 26; item++)
        {
            ids.Add(await ImageSteps.UploadAsync(stack, item, photo, HttpStatusCode.OK));
        }
        var settings = stack.WorkerSettings();
        settings["Images:MaxConcurrentRenders"] = "1";
        await using (var worker = AppProcess.Worker(settings))
        {
            // Kill once a delivery is claimed and work is left: never before the Worker has started, never after it finished.
            Assert.True(await Poll.UntilAsync(async () => await ImageSteps.ClaimedAsync(stack) > 0, TimeSpan.FromSeconds(60)), "the Worker claimed nothing");
            await worker.KillAsync();
        }
        await using (var db = stack.NewDbContext())
        {
            Assert.True(await db.CatalogImages.CountAsync(i => ids.Contains(i.Id) && i.Status == CatalogImageStatus.Pending, Ct) > 0,
                "work was left when the Worker died");
        }

        await using var restarted = new HostFactory<WorkerHost::Program>(settings);
        restarted.StartOnLoopback();
        foreach (var id in ids)
        {
            await ImageSteps.WaitForStatusAsync(stack, id, CatalogImageStatus.Ready);
        }
        var container = await TestServers.Blobs().GetAsync(BlobContainers.Images, Ct);
        foreach (var id in ids)
        {
            var names = new List<string>();
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.All, CatalogImage.Prefix(id), Ct))
            {
                names.Add(blob.Name[CatalogImage.Prefix(id).Length..]);
            }
            Assert.Equal(["1280.webp", "1920.webp", "640.webp", "original"], names.Order());
        }
        await using var check = stack.NewDbContext();
        Assert.Equal(0, await check.OutboxMessages.CountAsync(m => m.Queue == "images", Ct));
        Assert.Equal(0, await check.DeadLetters.CountAsync(Ct));
    }

    [Fact]
    public async Task Housekeeping_deletes_replaced_images_after_the_grace_period_and_keeps_the_current_one()
    {
        await using var stack = await OrderingStack.StartAsync();
        var old = await ImageSteps.UploadAsync(stack, 15, TestImages.Photo(800, 600), HttpStatusCode.OK);
        await ImageSteps.WaitForStatusAsync(stack, old, CatalogImageStatus.Ready);
        var current = await ImageSteps.UploadAsync(stack, 15, TestImages.Photo(900, 600), HttpStatusCode.OK);
        await ImageSteps.WaitForStatusAsync(stack, current, CatalogImageStatus.Ready);
        var container = await TestServers.Blobs().GetAsync(BlobContainers.Images, Ct);
        async Task<int> BlobsAsync(Guid id)
        {
            var n = 0;
            await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, CatalogImage.Prefix(id), Ct))
            {
                n++;
            }
            return n;
        }
        Assert.Equal(3, await BlobsAsync(old)); // original, 640 and 800 (the 1280 and 1920 capped to 800)

        var grace = TimeSpan.FromHours(1);
        await using var db = stack.NewDbContext();
        var images = new ReplacedImages(db, TestServers.Blobs(), Options.Create(new ImageOptions { ReplacedRetention = grace }));
        Assert.Equal(0, await images.DeleteExpiredAsync(DateTimeOffset.UtcNow + grace / 2, Ct)); // still within the grace period
        Assert.Equal(3, await BlobsAsync(old));

        var deleted = await images.DeleteExpiredAsync(DateTimeOffset.UtcNow + grace * 2, Ct);
        Assert.True(deleted >= 1); // the seed's picture of item 15 was replaced too
        Assert.Equal(0, await BlobsAsync(old));
        Assert.False(await db.CatalogImages.AnyAsync(i => i.Id == old, Ct));
        Assert.Equal(3, await BlobsAsync(current));
        Assert.True(await db.CatalogImages.AnyAsync(i => i.Id == current, Ct));
        using var shown = await stack.Client.GetAsync($"/api/catalog/items/15/images/{current:N}/900.webp", Ct);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }
}
