namespace AppHost;

/// <summary>One of the Worker's scheduled jobs: its name (`Worker job &lt;name&gt;`) and its cron schedule (UTC).</summary>
internal sealed record ScheduledJob(string Name, string Schedule)
{
    /// <summary>
    /// The jobs and their schedules, in one place for the AppHost. They mirror the Worker's own defaults (the
    /// AddJob registrations in Shop/Jobs/JobsExtensions.cs, overridable by <c>Jobs:&lt;name&gt;:Schedule</c>, e.g. in
    /// Worker/appsettings.json): change both together. In Azure this table is the schedule that counts.
    /// </summary>
    public static readonly IReadOnlyList<ScheduledJob> All =
    [
        new("archive-orders", "0 3 * * *"),
        new("sales-report", "30 0 * * *"),
        new("housekeeping", "15 * * * *"),
    ];

    /// <summary>The resource name, which is also the Container Apps job's name in Azure.</summary>
    public string ResourceName => $"job-{Name}";
}

internal static class JobExtensions
{
    /// <summary>
    /// The Worker binary in its `job &lt;name&gt;` role (runs the job once, exits 0 on success), published as an
    /// Azure Container Apps job on the job's schedule. Publish mode only: locally the Worker's in-process
    /// scheduler runs the jobs, and this resource would otherwise run once at every start.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddScheduledJob(this IDistributedApplicationBuilder builder, ScheduledJob job)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            throw new InvalidOperationException($"{job.ResourceName} is only added when publishing; the Worker's scheduler runs it locally.");
        }

#pragma warning disable ASPIREAZURE002 // the Container Apps job APIs are marked experimental until Aspire 13.4
        return builder.AddProject<Projects.Worker>(job.ResourceName, launchProfileName: null)
            .WithArgs("job", job.Name)
            .PublishAsScheduledAzureContainerAppJob(job.Schedule);
#pragma warning restore ASPIREAZURE002
    }
}
