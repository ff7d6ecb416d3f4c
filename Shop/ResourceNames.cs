namespace Shop;

/// <summary>
/// Resource, connection-string and queue names: one list for the AppHost, which declares the resources,
/// and every service, which reads <c>ConnectionStrings__&lt;name&gt;</c>. The AppHost and Web compile this
/// file in (they do not reference the domain library).
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Database = "shopdb";
    public const string Cache = "cache";
    public const string Storage = "storage";
    public const string Blobs = "blobs";
    public const string Messaging = "messaging";
    public const string OrdersQueue = "orders";
    public const string NotificationsQueue = "notifications";
    public const string ImagesQueue = "images";
    /// <summary>Every queue: the Service Bus namespace declares them, and its consumer listens on them.</summary>
    public static readonly string[] Queues = [OrdersQueue, NotificationsQueue, ImagesQueue];
    public const string Api = "api";
    public const string Worker = "worker";
    public const string Web = "web";
    public const string Migrations = "migrate";
    public const string Payments = "payments";
}
