using Microsoft.Extensions.Logging;
using Npgsql;

namespace Shop.Messaging.Postgres;

/// <summary>
/// LISTEN outbox on a connection of its own: the NOTIFY sent after each publishing commit releases the semaphore, so a
/// consumer or relay wakes at once instead of waiting for its next poll. While the database is away it retries, and
/// polling carries on meanwhile.
/// </summary>
public static partial class OutboxNotifications
{
    public static async Task ListenAsync(
        NpgsqlDataSource dataSource, SemaphoreSlim wake, TimeSpan retryDelay, ILogger logger, CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => wake.Release();
                await using (var listen = new NpgsqlCommand("LISTEN outbox", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }
                // Rows inserted before LISTEN took effect sent no notification we could hear.
                wake.Release();
                try
                {
                    while (true)
                    {
                        await connection.WaitAsync(ct);
                    }
                }
                finally
                {
                    // Pooled connections are not reset on close (DatabaseExtensions): leave no LISTEN behind.
                    await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                    await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(logger, ex.Message, retryDelay.TotalSeconds);
                await WaitAsync(wake, retryDelay, ct);
            }
        }
    }

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public static async Task WaitAsync(SemaphoreSlim wake, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await wake.WaitAsync(timeout, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LISTEN outbox failed, polling until it is back (retry in {Seconds} s): {Error}")]
    private static partial void LogListenFailed(ILogger logger, string error, double seconds);
}
