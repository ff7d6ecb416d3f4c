using System.Text;

namespace Api.Catalog;

/// <summary>Decides an upload's type from its bytes, never from the header the client sent.</summary>
internal static class ImageSniffer
{
    public static (string ContentType, string Extension)? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", "png");
        }
        if (data.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return ("image/jpeg", "jpg");
        }
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image/webp", "webp");
        }
        return IsSvg(data) ? ("image/svg+xml", "svg") : null;
    }

    private static bool IsSvg(ReadOnlySpan<byte> data)
    {
        var head = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!head.StartsWith('<'))
        {
            return false;
        }
        var svgAt = head.IndexOf("<svg", StringComparison.OrdinalIgnoreCase);
        // An SVG may start with an XML declaration, comments or a doctype, but nothing else before <svg.
        return svgAt == 0 || svgAt > 0 && (head.StartsWith("<?xml", StringComparison.Ordinal)
            || head.StartsWith("<!--", StringComparison.Ordinal) || head.StartsWith("<!DOCTYPE svg", StringComparison.OrdinalIgnoreCase));
    }
}
