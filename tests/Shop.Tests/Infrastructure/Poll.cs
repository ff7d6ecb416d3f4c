namespace Shop.Tests.Infrastructure;

/// <summary>Waiting for an asynchronous outcome (a Worker, a job) without fixed sleeps.</summary>
public static class Poll
{
    /// <summary>True as soon as <paramref name="condition"/> holds; false when <paramref name="timeout"/> runs out.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        }
        return true;
    }
}
