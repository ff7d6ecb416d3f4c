using System.ComponentModel.DataAnnotations;

namespace Shop.Messaging;

public enum MessageTransport { Postgres, ServiceBus }

/// <summary>Section <c>Messaging</c>. The defaults suit production; tests shorten the delays.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public MessageTransport Transport { get; set; } = MessageTransport.Postgres;

    /// <summary>Deliveries before a message moves to dead letters (also the Service Bus queue's MaxDeliveryCount).</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>How long a claimed message stays invisible to other consumers; a crashed consumer's messages reappear after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay; each further delivery doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The fallback when LISTEN/NOTIFY is not available (for example during a database restart).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>On shutdown, in-flight messages get this long to finish; the rest are released for redelivery.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Exponential backoff with ±20% jitter, so retries of one burst do not arrive together.</summary>
    public TimeSpan RetryDelay(int deliveryCount)
    {
        var exponent = Math.Min(Math.Max(deliveryCount - 1, 0), 20);
        var delay = Math.Min(RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.8 + Random.Shared.NextDouble() * 0.4));
    }
}
