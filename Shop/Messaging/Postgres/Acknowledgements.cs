using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Shop.Messaging.Postgres;

/// <summary>
/// Deletes handled messages in batches: one statement for every acknowledgement that arrived while the previous one
/// ran, so under load a message costs a fraction of a round trip (bench/results.md), and when idle it is deleted at
/// once. An acknowledgement lost to a crash or a database error only means a redelivery, which handlers are built for.
/// </summary>
internal sealed partial class Acknowledgements(PostgresQueue queue, ILogger logger)
{
    private const int MaxBatch = 500;
    private readonly Channel<Guid> _ids = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(Guid id) => _ids.Writer.TryWrite(id);

    /// <summary>Deletes until <see cref="Complete"/> is called and every acknowledgement so far is written.</summary>
    public async Task RunAsync()
    {
        var batch = new List<Guid>(MaxBatch);
        while (await _ids.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _ids.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }
            try
            {
                await queue.AcknowledgeAsync(batch, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogFailed(logger, batch.Count, ex.Message);
            }
            batch.Clear();
        }
    }

    public void Complete() => _ids.Writer.TryComplete();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Acknowledging {Count} messages failed; they reappear after the visibility timeout: {Error}")]
    private static partial void LogFailed(ILogger logger, int count, string error);
}
