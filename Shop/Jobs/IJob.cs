using Microsoft.Extensions.DependencyInjection;

namespace Shop.Jobs;

/// <summary>A unit of scheduled work. Runs in its own DI scope; returns how many items it processed.</summary>
public interface IJob
{
    Task<int> RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <param name="Arguments">Options from the command line (<c>Worker job sales-report --date 2026-11-20</c>).</param>
public sealed record JobContext(long RunId, IReadOnlyDictionary<string, string> Arguments, DateTimeOffset Now);

/// <summary>What the scheduler, the job role and the admin API know about a job without running it.</summary>
public sealed record JobDescriptor(string Name, string Description, string DefaultSchedule, Type Type);

public static class JobRegistration
{
    public static IServiceCollection AddJob<TJob>(this IServiceCollection services, string name, string description, string defaultSchedule)
        where TJob : class, IJob
    {
        CronSchedule.Parse(defaultSchedule);
        services.AddScoped<TJob>();
        services.AddSingleton(new JobDescriptor(name, description, defaultSchedule, typeof(TJob)));
        return services;
    }
}
