namespace Shop.Messaging;

/// <summary>
/// A message that can never succeed, such as an image that cannot be decoded: retrying would only repeat the failure,
/// so the consumer dead-letters it at once with this reason.
/// </summary>
public sealed class UnprocessableMessageException(string reason, Exception? inner = null) : Exception(reason, inner);

public static class DeadLetterRule
{
    /// <summary>Out of deliveries, or a failure that retrying cannot fix.</summary>
    public static bool ShouldDeadLetter(this MessagingOptions settings, Exception failure, int deliveryCount) =>
        failure is UnprocessableMessageException || deliveryCount >= settings.MaxDeliveries;
}
