using System.ComponentModel.DataAnnotations;

namespace Shop.Catalog.Images;

/// <summary>Section <c>Images</c>: limits for uploads and renditions.</summary>
public sealed class ImageOptions
{
    public const string Section = "Images";

    /// <summary>Width × height above which an image is refused: a small file can claim a huge canvas (a decompression bomb).</summary>
    [Range(1, 200_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Renditions made at once by one Worker; each holds a decoded image in memory.</summary>
    [Range(1, 16)]
    public int MaxConcurrentRenders { get; set; } = 2;

    /// <summary>How long a replaced image's blobs stay, so pages and CDNs still holding its URLs keep working.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan ReplacedRetention { get; set; } = TimeSpan.FromDays(1);
}
