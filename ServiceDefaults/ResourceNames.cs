namespace ServiceDefaults;

/// <summary>Resource and connection-string names shared by the AppHost and every service.</summary>
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
    public const string Api = "api";
    public const string Worker = "worker";
    public const string Web = "web";
    public const string Migrations = "migrate";
}
