using System.Net.Sockets;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using StackExchange.Redis;

namespace Api.Infrastructure;

/// <summary>
/// A dependency outage is not the client's fault and not a bug: answer 503 ProblemDetails with
/// Retry-After instead of 500. Anything else falls through to the default 500 handler.
/// </summary>
internal sealed partial class DependencyFailureHandler(IProblemDetailsService problems, ILogger<DependencyFailureHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var dependency = Classify(exception);
        if (dependency is null)
        {
            return false;
        }
        LogUnavailable(logger, dependency, exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service temporarily unavailable",
                Detail = $"A dependency ({dependency}) is unavailable. Please retry shortly.",
            },
        });
    }

    private static string? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // Only connection, shutdown and resource errors; constraint violations are bugs or bad input.
                    return pg.SqlState[..2] is "08" or "53" or "57" ? "database" : null;
                case NpgsqlException:
                    return "database";
                case RedisException:
                    return "cache";
                case RequestFailedException { Status: 0 or >= 500 }:
                    return "blob storage";
                case SocketException or TimeoutException:
                    return "network";
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency {Dependency} unavailable: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string dependency, string error);
}
