using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using NetVips;
using Shop.Catalog.Images;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;

namespace Shop.Tests.Catalog;

/// <summary>An upload becomes WebP renditions made by the Worker; hostile files never replace an item's image.</summary>
public sealed class ImagePipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_4000x3000_photo_gets_three_upright_renditions_close_to_a_reference_resize()
    {
        await using var stack = await OrderingStack.StartAsync();
        var photo = TestImages.Photo(4000, 3000);
        var imageId = await ImageSteps.UploadAsync(stack, 11, photo, HttpStatusCode.OK);

        var image = await ImageSteps.WaitForStatusAsync(stack, imageId, CatalogImageStatus.Ready);
        Assert.Equal([640, 1280, 1920], image.Widths);
        using var original = Image.NewFromBuffer(photo);
        foreach (var width in image.Widths)
        {
            using var rendition = Image.NewFromBuffer(await ImageSteps.DownloadAsync(stack, 11, imageId, $"{width}.webp"));
            Assert.Equal(width, rendition.Width);
            Assert.Equal(width * 3 / 4, rendition.Height);
            Assert.False(rendition.Contains("exif-data"), "metadata is stripped");
            using var reference = original.Resize(width / 4000.0);
            var difference = TestImages.MeanDifference(rendition, reference);
            Assert.True(difference < 4, $"{width} px: mean difference {difference:F2} from a plain resize");
        }
        // The item's answer carries the renditions, and pages get them through Web's relay at the same URLs.
        var item = await stack.Client.GetFromJsonAsync<Item>("/api/catalog/items/11", Ct);
        Assert.Equal([640, 1280, 1920], item!.Image!.Renditions.Select(r => r.Width));
        using var file = await stack.Client.GetAsync(item.Image.Renditions[1].Url, Ct);
        Assert.Equal("image/webp", file.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", file.Headers.CacheControl?.Extensions.Select(e => e.Name) ?? []);
        Assert.Equal(TimeSpan.FromDays(365), file.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task An_EXIF_rotated_photo_comes_out_upright_and_a_small_original_caps_the_widths()
    {
        await using var stack = await OrderingStack.StartAsync();
        var imageId = await ImageSteps.UploadAsync(stack, 12, TestImages.SidewaysPhoto(), HttpStatusCode.OK);

        var image = await ImageSteps.WaitForStatusAsync(stack, imageId, CatalogImageStatus.Ready);
        Assert.Equal((300, 400), (image.Width, image.Height));
        Assert.Equal([300], image.Widths); // never upscaled: all three sizes are the original's width
        using var upright = Image.NewFromBuffer(await ImageSteps.DownloadAsync(stack, 12, imageId, "300.webp"));
        Assert.Equal((300, 400), (upright.Width, upright.Height));
        using var topRight = upright.Crop(220, 10, 60, 60);
        using var topLeft = upright.Crop(20, 10, 60, 60);
        Assert.True(topRight[0].Avg() > 180 && topRight[1].Avg() < 80, "the red block is at the top right");
        Assert.True(Math.Abs(topLeft[0].Avg() - 128) < 20, "grey at the top left");
    }

    [Fact]
    public async Task Hostile_uploads_are_refused_or_dead_lettered_and_the_item_keeps_its_image()
    {
        await using var stack = await OrderingStack.StartAsync();
        var good = await ImageSteps.UploadAsync(stack, 13, TestImages.Photo(800, 600), HttpStatusCode.OK);
        await ImageSteps.WaitForStatusAsync(stack, good, CatalogImageStatus.Ready);

        // Judged by the header, at upload: nothing is stored.
        int Images() { using var db = stack.NewDbContext(); return db.CatalogImages.Count(i => i.ItemId == 13); }
        var before = Images();
        await ImageSteps.UploadAsync(stack, 13, TestImages.Bomb(), HttpStatusCode.UnprocessableEntity);
        await ImageSteps.UploadAsync(stack, 13, TestImages.PngSignatureOnJpeg(), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, Images());

        // Damage in the pixel data: only the Worker's decode finds it. Dead-lettered at once, with the reason.
        var truncated = await ImageSteps.UploadAsync(stack, 13, TestImages.Truncated(), HttpStatusCode.OK);
        var failed = await ImageSteps.WaitForStatusAsync(stack, truncated, CatalogImageStatus.Failed);
        Assert.Contains("cannot be decoded", failed.FailureReason);
        var letters = await stack.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/dead-letters", Ct);
        var letter = Assert.Single(letters.GetProperty("items").EnumerateArray(), l => l.GetProperty("type").GetString() == nameof(ImageUploaded));
        Assert.Equal(1, letter.GetProperty("deliveryCount").GetInt32());
        Assert.Contains("cannot be decoded", letter.GetProperty("lastError").GetString());

        var item = await stack.Client.GetFromJsonAsync<Item>("/api/catalog/items/13", Ct);
        Assert.Contains(good.ToString("N"), item!.Image!.Url);
        Assert.Equal([640, 800], item.Image.Renditions.Select(r => r.Width)); // 800 px wide: 1280 and 1920 are capped to 800
    }
}
