namespace Shop.Catalog.Images;

/// <summary>Decides an upload's type from its bytes, never from the header the client sent.</summary>
public static class ImageSniffer
{
    public static string? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (data.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        return data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) ? "image/webp" : null;
    }
}
