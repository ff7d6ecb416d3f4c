using Shop.Ordering;

namespace Shop.Tests.Ordering;

/// <summary>Consumers are woken by LISTEN/NOTIFY, not by their polling fallback.</summary>
public sealed class OrderWakeTests
{
    [Fact]
    public async Task With_polling_every_ten_minutes_an_order_is_still_confirmed_within_seconds()
    {
        await using var stack = await OrderingStack.StartAsync(worker: s => s["Messaging:PollInterval"] = "00:10:00");
        // The first order and its e-mail leave both queues' consumers idle, waiting on their next wake-up.
        var first = await stack.PlaceAsync("wake1@example.com", (11, 1));
        await stack.WaitForFinalAsync([first], seconds: 10);
        await OrderPipelineTests.WaitForMailAsync(first);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var id = await stack.PlaceAsync("wake2@example.com", (11, 1));

        Assert.Equal(OrderStatus.Confirmed, (await stack.WaitForFinalAsync([id], seconds: 3))[id]);
        Assert.Single(await OrderPipelineTests.WaitForMailAsync(id));
    }
}
