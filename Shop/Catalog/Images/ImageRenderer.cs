using NetVips;

namespace Shop.Catalog.Images;

/// <summary>What an upload's header says, before any pixel is decoded.</summary>
public sealed record ImageHeader(string ContentType, int Width, int Height);

public sealed record Rendition(int Width, int Height, byte[] WebP);

/// <summary>
/// libvips (NetVips) does the imaging: headers are read without decoding pixels, renditions shrink on load so a
/// 4000×3000 JPEG is never decoded at full size, and EXIF orientation is applied before metadata is stripped.
/// </summary>
public static class ImageRenderer
{
    /// <summary>Rendition widths; an original narrower than one caps it (never upscaled).</summary>
    public static readonly int[] Widths = [640, 1280, 1920];

    // libvips names its loaders by class, such as VipsForeignLoadJpegBuffer (or ...SpngBuffer for PNG).
    private static readonly Dictionary<string, string> _loaders = new(StringComparer.Ordinal)
    {
        ["image/jpeg"] = "jpeg", ["image/png"] = "png", ["image/webp"] = "webp",
    };

    static ImageRenderer()
    {
        // Each rendition is made once: libvips' operation cache would only hold decoded images in memory.
        Cache.Max = 0;
    }

    /// <summary>
    /// Reads the header of an uploaded JPEG, PNG or WebP, checking that the loader libvips picks from the bytes is the
    /// one their signature claims. Throws <see cref="InvalidImageException"/> with a reason a person can read.
    /// </summary>
    public static ImageHeader ReadHeader(byte[] data, string contentType, long maxPixels) =>
        Inspect(Image.FindLoadBuffer(data), contentType, maxPixels,
            () => Image.NewFromBuffer(data, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error));

    private static ImageHeader Inspect(string? loader, string contentType, long maxPixels, Func<Image> open)
    {
        if (loader is null || !_loaders.TryGetValue(contentType, out var expected) || !loader.Contains(expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidImageException($"The file starts like {contentType} but libvips cannot read it as one.");
        }
        try
        {
            using var image = open();
            var swap = image.Contains("orientation") && image.Get("orientation") is int orientation and >= 5 and <= 8;
            var (width, height) = swap ? (image.Height, image.Width) : (image.Width, image.Height);
            if ((long)width * height > maxPixels)
            {
                throw new InvalidImageException(
                    $"The image is {width}×{height} pixels; at most {maxPixels / 1_000_000} megapixels are accepted.");
            }
            return new ImageHeader(contentType, width, height);
        }
        catch (VipsException ex)
        {
            throw new InvalidImageException($"The image cannot be read: {Cause(ex.Message)}", ex);
        }
    }

    /// <summary>
    /// Decodes the file once into the largest rendition (shrink on load, upright) and makes the smaller ones from that;
    /// any damage in the pixel data fails here (fail on error), never silently. Reading from a file, not a buffer,
    /// keeps the original out of the managed heap.
    /// </summary>
    public static IReadOnlyList<Rendition> Render(string path, string contentType, long maxPixels)
    {
        var header = Inspect(Image.FindLoad(path), contentType, maxPixels,
            () => Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error));
        var widths = Widths.Select(w => Math.Min(w, header.Width)).Distinct().OrderDescending().ToList();
        try
        {
            // Height unbounded: the width decides. fail_on goes to the loader in the option string: thumbnail's own
            // failOn argument, and options in the file name, let a truncated JPEG through (libvips 8.18).
            using var source = Source.NewFromFile(path);
            using var largest = Image.ThumbnailSource(source, widths[0], optionString: "[fail_on=error]", height: 100_000, size: Enums.Size.Down);
            using var decoded = largest.CopyMemory();
            var renditions = new List<Rendition>();
            foreach (var width in widths)
            {
                using var resized = width == decoded.Width ? decoded.Copy() : decoded.ThumbnailImage(width, height: 100_000, size: Enums.Size.Down);
                renditions.Add(new Rendition(resized.Width, resized.Height, resized.WebpsaveBuffer(q: 80, keep: Enums.ForeignKeep.None)));
            }
            return [.. renditions.OrderBy(r => r.Width)];
        }
        catch (VipsException ex)
        {
            throw new InvalidImageException($"The image cannot be decoded: {Cause(ex.Message)}", ex);
        }
    }

    /// <summary>libvips says "unable to call X" first and the cause on the lines after it.</summary>
    private static string Cause(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } lines
            ? string.Join("; ", lines.Length > 1 ? lines[1..] : lines) : message;
}

/// <summary>The bytes are not a usable image; the message says why, in words fit for an admin.</summary>
public sealed class InvalidImageException(string message, Exception? inner = null) : Exception(message, inner);
