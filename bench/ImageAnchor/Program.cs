using System.Diagnostics;
using System.Globalization;
using NetVips;

// The same calls as the Worker's renderer (Shop/Catalog/Images/ImageRenderer.cs), without the queue, blobs or database.
int[] widths = [640, 1280, 1920];
Cache.Max = 0;
switch (args)
{
    case ["make", var file]:
        // A photo-like 4000×3000 picture: gradients, shapes and noise, so the JPEG is the size of a real photo.
        using (var xyz = Image.Xyz(4000, 3000))
        using (var noise = Image.Gaussnoise(4000, 3000, sigma: 12))
        {
            using var x = xyz[0];
            using var y = xyz[1];
            using var rgb = (x * 0.06 + noise).Bandjoin(y * 0.08 + noise, (x + y) * 0.03 + 40)
                .Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
            using var drawn = rgb.Mutate(m => m.DrawCircle([240, 240, 240], 2800, 1500, 700, fill: true));
            File.WriteAllBytes(file, drawn.JpegsaveBuffer(q: 90));
        }
        Console.WriteLine($"wrote {file}");
        return 0;
    case ["loop", var file, var secondsText]:
        var seconds = double.Parse(secondsText, CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        var renditions = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using var source = Source.NewFromFile(file);
            using var largest = Image.ThumbnailSource(source, widths[^1], optionString: "[fail_on=error]", height: 100_000, size: Enums.Size.Down);
            using var decoded = largest.CopyMemory();
            foreach (var width in widths)
            {
                using var resized = width == decoded.Width ? decoded.Copy() : decoded.ThumbnailImage(width, height: 100_000, size: Enums.Size.Down);
                _ = resized.WebpsaveBuffer(q: 80, keep: Enums.ForeignKeep.None);
                renditions++;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ANCHOR renditions={renditions} seconds={clock.Elapsed.TotalSeconds:F2} per_second={renditions / clock.Elapsed.TotalSeconds:F2}"));
        return 0;
    default:
        Console.Error.WriteLine("usage: ImageAnchor make FILE | loop FILE SECONDS");
        return 2;
}
