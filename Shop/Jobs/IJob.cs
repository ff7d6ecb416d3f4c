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
    /// <summary>Registers a job; its default schedule is the one <see cref="JobSchedules"/> gives its name unless one is passed.</summary>
    public static IServiceCollection AddJob<TJob>(this IServiceCollection services, string name, string description, string? defaultSchedule = null)
        where TJob : class, IJob
    {
        var schedule = defaultSchedule ?? JobSchedules.Defaults[name];
        JobCatalog.ParseCron(schedule);
        services.AddScoped<TJob>();
        services.AddSingleton(new JobDescriptor(name, description, schedule, typeof(TJob)));
        return services;
    }
}
