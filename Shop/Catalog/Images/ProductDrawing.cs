using System.Globalization;
using NetVips;

namespace Shop.Catalog.Images;

/// <summary>
/// Draws a seeded product's picture with libvips: a lit backdrop in the variant's colour, a floor shadow and the
/// product's outline. Drawn, not downloaded, so a fresh machine needs no network for a shop with real pictures.
/// </summary>
internal static class ProductDrawing
{
    public static byte[] Jpeg(string shape, string hexColor, int width)
    {
        var height = width * 3 / 4;
        var color = Parse(hexColor);
        // A vertical gradient: light at the top, the full colour at the bottom (linear on the y coordinate).
        using var y = Image.Xyz(width, height)[1];
        using var backdrop = y.Linear([.. color.Select((c, i) => (c - Lighten(c)) / height)], [.. color.Select(Lighten)]);
        using var rgb = backdrop.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        var s = width / 400.0; // the shapes are laid out on a 400×300 grid
        using var drawn = rgb.Mutate(m =>
        {
            double[] shadow = [.. color.Select(c => c * 0.6)], white = [248, 248, 246], accent = [.. color.Select(c => c * 0.8)];
            // The floor shadow: an ellipse, one pixel row at a time.
            for (var py = (int)(254 * s); py <= (int)(270 * s); py++)
            {
                var dy = py / s - 262;
                var half = (int)(130 * s * Math.Sqrt(Math.Max(0, 1 - dy * dy / 64.0)));
                m.DrawLine(shadow, (int)(200 * s) - half, py, (int)(200 * s) + half, py);
            }
            Draw(m, shape, s, white, accent);
        });
        return drawn.JpegsaveBuffer(q: 88, keep: Enums.ForeignKeep.None);
    }

    private static void Draw(MutableImage m, string shape, double s, double[] white, double[] accent)
    {
        int P(double v) => (int)(v * s);
        switch (shape)
        {
            case "tent":
                Triangle(m, white, s, apexY: 70, baseY: 260, halfBase: 130);
                Triangle(m, accent, s, apexY: 130, baseY: 260, halfBase: 32);
                break;
            case "jacket":
                m.DrawRect(white, P(140), P(80), P(120), P(175), fill: true);
                m.DrawRect(white, P(95), P(90), P(45), P(140), fill: true);
                m.DrawRect(white, P(260), P(90), P(45), P(140), fill: true);
                m.DrawRect(accent, P(196), P(80), P(8), P(175), fill: true);
                m.DrawCircle(accent, P(200), P(82), P(22), fill: true);
                break;
            case "bag":
                m.DrawRect(white, P(110), P(120), P(180), P(110), fill: true);
                m.DrawCircle(white, P(110), P(175), P(55), fill: true);
                m.DrawCircle(white, P(290), P(175), P(55), fill: true);
                m.DrawRect(accent, P(100), P(170), P(200), P(10), fill: true);
                break;
            case "stove":
                m.DrawRect(white, P(120), P(170), P(160), P(85), fill: true);
                m.DrawCircle(accent, P(200), P(150), P(55), fill: true);
                m.DrawCircle(white, P(200), P(150), P(35), fill: true);
                m.DrawRect(accent, P(140), P(200), P(120), P(12), fill: true);
                break;
            case "boot":
                m.DrawRect(white, P(130), P(80), P(75), P(170), fill: true);
                m.DrawRect(white, P(130), P(185), P(175), P(65), fill: true);
                m.DrawCircle(white, P(285), P(225), P(25), fill: true);
                m.DrawRect(accent, P(125), P(240), P(190), P(14), fill: true);
                break;
            case "bottle":
                m.DrawRect(white, P(160), P(90), P(80), P(165), fill: true);
                m.DrawCircle(white, P(200), P(95), P(40), fill: true);
                m.DrawRect(accent, P(180), P(45), P(40), P(30), fill: true);
                break;
            case "lamp":
                m.DrawCircle(accent, P(200), P(160), P(95), fill: true);
                m.DrawCircle(white, P(200), P(160), P(70), fill: true);
                m.DrawRect(accent, P(95), P(150), P(210), P(20), fill: true);
                break;
            case "poles":
                for (var t = (int)(-7 * s); t <= (int)(7 * s); t++)
                {
                    m.DrawLine(white, P(150) + t, P(50), P(180) + t, P(255));
                    m.DrawLine(white, P(250) + t, P(50), P(220) + t, P(255));
                }
                m.DrawRect(accent, P(140), P(50), P(24), P(50), fill: true);
                m.DrawRect(accent, P(236), P(50), P(24), P(50), fill: true);
                break;
            default:
                m.DrawRect(white, P(120), P(95), P(160), P(160), fill: true);
                m.DrawCircle(white, P(200), P(100), P(80), fill: true);
                m.DrawRect(accent, P(150), P(150), P(100), P(60), fill: true);
                break;
        }
    }

    private static void Triangle(MutableImage m, double[] ink, double s, double apexY, double baseY, double halfBase)
    {
        for (var py = (int)(apexY * s); py <= (int)(baseY * s); py++)
        {
            var half = (int)(halfBase * s * (py / s - apexY) / (baseY - apexY));
            m.DrawLine(ink, (int)(200 * s) - half, py, (int)(200 * s) + half, py);
        }
    }

    private static double Lighten(double c) => c + (255 - c) * 0.45;

    private static double[] Parse(string hex) =>
        [.. Enumerable.Range(0, 3).Select(i => (double)int.Parse(hex.AsSpan(1 + 2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
}
