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
    /// Reads the header of a JPEG, PNG or WebP, checking that the loader libvips picks from the bytes is the one
    /// their signature claims. Throws <see cref="InvalidImageException"/> with a reason a person can read.
    /// </summary>
    public static ImageHeader ReadHeader(byte[] data, string contentType, long maxPixels)
    {
        var loader = Image.FindLoadBuffer(data);
        if (loader is null || !_loaders.TryGetValue(contentType, out var expected) || !loader.Contains(expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidImageException($"The file starts like {contentType} but libvips cannot read it as one.");
        }
        try
        {
            using var image = Image.NewFromBuffer(data, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
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

    /// <summary>Decodes and resizes; any damage in the pixel data fails here (fail on error), never silently.</summary>
    public static IReadOnlyList<Rendition> Render(byte[] original, string contentType, long maxPixels)
    {
        var header = ReadHeader(original, contentType, maxPixels);
        var renditions = new List<Rendition>();
        foreach (var width in Widths.Select(w => Math.Min(w, header.Width)).Distinct())
        {
            try
            {
                // Height unbounded: the width decides. Thumbnail rotates upright by the EXIF orientation. fail_on goes to the
                // loader in its option string: thumbnail's own failOn argument let a truncated JPEG through (libvips 8.18).
                using var thumb = Image.ThumbnailBuffer(original, width, optionString: "[fail_on=error]", height: 100_000, size: Enums.Size.Down);
                var webp = thumb.WebpsaveBuffer(q: 80, keep: Enums.ForeignKeep.None);
                renditions.Add(new Rendition(thumb.Width, thumb.Height, webp));
            }
            catch (VipsException ex)
            {
                throw new InvalidImageException($"The image cannot be decoded: {Cause(ex.Message)}", ex);
            }
        }
        return renditions;
    }

    /// <summary>libvips says "unable to call X" first and the cause on the lines after it.</summary>
    private static string Cause(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } lines
            ? string.Join("; ", lines.Length > 1 ? lines[1..] : lines) : message;
}

/// <summary>The bytes are not a usable image; the message says why, in words fit for an admin.</summary>
public sealed class InvalidImageException(string message, Exception? inner = null) : Exception(message, inner);
