using Microsoft.EntityFrameworkCore;
using Shop.Ordering;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Ordering;

/// <summary>Consumers are woken by LISTEN/NOTIFY, not by their polling fallback.</summary>
public sealed class OrderWakeTests
{
    [Fact]
    public async Task With_polling_every_ten_minutes_an_order_is_still_confirmed_within_seconds()
    {
        await using var stack = await OrderingStack.StartAsync(worker: s => s["Messaging:PollInterval"] = "00:10:00");
        // Each finished message makes the consumer claim again, so it must be idle first: the seed's image renditions
        // done and every queue empty, with its acknowledgements flushed.
        Assert.True(await Poll.UntilAsync(async () =>
        {
            await using var db = stack.NewDbContext();
            return !await db.OutboxMessages.AnyAsync(TestContext.Current.CancellationToken);
        }, TimeSpan.FromSeconds(60)), "the Worker never became idle");
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var id = await stack.PlaceAsync("wake@example.com", (11, 1));

        Assert.Equal(OrderStatus.Confirmed, (await stack.WaitForFinalAsync([id], seconds: 3))[id]);
        Assert.Single(await OrderPipelineTests.WaitForMailAsync(id));
    }
}
