namespace AppHost;

internal static class JobExtensions
{
    /// <summary>
    /// The Worker binary in its `job &lt;name&gt;` role (runs the job once, exits 0 on success), published as an
    /// Azure Container Apps job named <c>job-&lt;name&gt;</c> on the job's schedule (Shop.Jobs.JobSchedules). Publish
    /// mode only: locally the Worker's in-process scheduler runs the jobs, and this resource would otherwise run
    /// once at every start.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddScheduledJob(this IDistributedApplicationBuilder builder, string job, string schedule)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            throw new InvalidOperationException($"job-{job} is only added when publishing; the Worker's scheduler runs it locally.");
        }

#pragma warning disable ASPIREAZURE002 // the Container Apps job APIs are marked experimental until Aspire 13.4
        return builder.AddProject<Projects.Worker>($"job-{job}", launchProfileName: null)
            .WithArgs("job", job)
            .PublishAsScheduledAzureContainerAppJob(schedule);
#pragma warning restore ASPIREAZURE002
    }
}
