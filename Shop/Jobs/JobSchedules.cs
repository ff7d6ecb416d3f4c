namespace Shop.Jobs;

/// <summary>
/// The Worker's jobs and their default schedules (cron in UTC; <c>Jobs:&lt;name&gt;:Schedule</c> overrides one in
/// the Worker). The AppHost compiles this file in and publishes each job as an Azure Container Apps scheduled
/// job on this schedule.
/// </summary>
public static class JobSchedules
{
    public const string ArchiveOrders = "archive-orders";
    public const string SalesReport = "sales-report";
    public const string Housekeeping = "housekeeping";

    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        [ArchiveOrders] = "0 3 * * *",
        [SalesReport] = "30 0 * * *",
        [Housekeeping] = "15 * * * *",
    };
}
