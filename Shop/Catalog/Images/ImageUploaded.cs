using Shop.Messaging;

namespace Shop.Catalog.Images;

/// <summary>An item got a new original image; the Worker makes its renditions.</summary>
public sealed record ImageUploaded(Guid ImageId) : IMessage
{
    public static string Queue => ResourceNames.ImagesQueue;
}
