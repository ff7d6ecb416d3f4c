using NetVips;

namespace Shop.Tests.Infrastructure;

/// <summary>Images made by libvips for the tests: a photo-like picture, an EXIF-rotated one and hostile files.</summary>
public static class TestImages
{
    /// <summary>Smooth gradients with sharp shapes: resizing errors show, and the content is the same at every size.</summary>
    public static byte[] Photo(int width, int height)
    {
        using var xyz = Image.Xyz(width, height);
        using var x = xyz[0];
        using var y = xyz[1];
        using var r = x * (255.0 / width);
        using var g = y * (255.0 / height);
        using var b = (x + y) * (127.0 / (width + height)) + 64;
        using var rgb = r.Bandjoin(g, b).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        using var drawn = rgb.Mutate(m =>
        {
            m.DrawRect([255, 255, 255], width / 8, height / 8, width / 4, height / 4, fill: true);
            m.DrawCircle([20, 20, 20], width * 3 / 4, height / 2, height / 5, fill: true);
        });
        return drawn.JpegsaveBuffer(q: 90);
    }

    /// <summary>
    /// Stored 400×300 with a red block at its top left and EXIF orientation 6 ("rotate 90° clockwise to view"):
    /// upright it is 300×400 with the red block at the top right.
    /// </summary>
    public static byte[] SidewaysPhoto()
    {
        using var grey = Image.Black(400, 300, bands: 3).NewFromImage(128, 128, 128).Copy(interpretation: Enums.Interpretation.Srgb);
        using var marked = grey.Mutate(m =>
        {
            m.DrawRect([220, 20, 20], 0, 0, 100, 100, fill: true);
            m.Set(GValue.GIntType, "orientation", 6);
        });
        return marked.JpegsaveBuffer(q: 95);
    }

    /// <summary>A valid header and the first part of the pixel data: only decoding finds the damage.</summary>
    public static byte[] Truncated() => Photo(1600, 1200)[..20_000];

    /// <summary>A 20000×20000 PNG of a few hundred KB: 400 megapixels once decoded.</summary>
    public static byte[] Bomb()
    {
        using var black = Image.Black(20_000, 20_000);
        return black.PngsaveBuffer(compression: 9, bitdepth: 1);
    }

    /// <summary>A PNG signature in front of JPEG data: the bytes claim a type they are not.</summary>
    public static byte[] PngSignatureOnJpeg() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Photo(64, 48)];

    /// <summary>Mean absolute difference per channel (0–255) after cropping both to the common size.</summary>
    public static double MeanDifference(Image a, Image b)
    {
        int w = Math.Min(a.Width, b.Width), h = Math.Min(a.Height, b.Height);
        using var ca = a.Crop(0, 0, w, h);
        using var cb = b.Crop(0, 0, w, h);
        using var diff = (ca.Cast(Enums.BandFormat.Float) - cb.Cast(Enums.BandFormat.Float)).Abs();
        return diff.Avg();
    }
}
