extern alias ApiHost;

using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Shop.Archive;
using Shop.Jobs;
using Shop.Ordering;
using Shop.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Jobs;

public sealed class ArchiveJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Archiving_moves_exactly_the_eligible_orders_and_a_second_run_is_a_no_op()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var day = _now.AddDays(-200);
        var a = await data.AddOrderAsync(day, OrderStatus.Confirmed, (1, "Tent", 199.00m, 1), (2, "Stove", 49.50m, 2));
        var b = await data.AddOrderAsync(day.AddMinutes(5), OrderStatus.Rejected, (3, "Lamp", 20m, 1));
        var c = await data.AddOrderAsync(_now.AddDays(-120), OrderStatus.PaymentFailed, (4, "Mat", 30m, 1));
        var notFinal = await data.AddOrderAsync(_now.AddDays(-150), OrderStatus.StockReserved, (5, "Rope", 10m, 1));
        var recent = await data.AddOrderAsync(_now.AddDays(-10), OrderStatus.Confirmed, (6, "Map", 5m, 1));

        var (code, output) = await AppProcess.RunWorkerAsync(data.Settings(), "job", "archive-orders");

        Assert.True(code == 0, output);
        Assert.Contains("3 item(s)", output);
        await using var db = data.NewDbContext();
        Assert.Equal([notFinal.Id, recent.Id], (await db.Orders.Select(o => o.Id).ToListAsync(Ct)).Order());
        var pointers = await db.ArchivedOrders.ToListAsync(Ct);
        Assert.Equal([a.Id, b.Id, c.Id], pointers.Select(p => p.OrderId).Order());
        Assert.All(pointers, p => Assert.Matches(@"^orders/\d{4}/\d{2}/\d{2}/[0-9a-f-]{36}\.jsonl\.gz$", p.BlobName));
        Assert.Equal(2, pointers.Select(p => p.BlobName).Distinct().Count()); // two order dates, two blobs
        var records = await ReadAsync(pointers.Select(p => p.BlobName).Distinct());
        Assert.Equal([a.Id, b.Id, c.Id], records.Select(r => r.Id).Order());
        var first = records.Single(r => r.Id == a.Id);
        Assert.Equal(298.00m, first.Total);
        Assert.Equal(2, first.Lines.Count);
        Assert.Equal([OrderStatus.Placed, OrderStatus.Confirmed], first.History.Select(h => h.Status));
        Assert.Equal($"orders/{day.UtcDateTime:yyyy'/'MM'/'dd}/", pointers.Single(p => p.OrderId == a.Id).BlobName[..18]);

        var (again, againOutput) = await AppProcess.RunWorkerAsync(data.Settings(), "job", "archive-orders");

        Assert.True(again == 0, againOutput);
        Assert.Contains("0 item(s)", againOutput);
        Assert.Equal(3, await db.ArchivedOrders.CountAsync(Ct));
        Assert.Equal(2, await db.Orders.CountAsync(Ct));
    }

    [Fact]
    public async Task A_job_killed_between_upload_and_delete_is_marked_Abandoned_and_the_next_run_finishes_without_duplicates()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var (day, ids) = await data.AddConfirmedOrdersOnOwnDayAsync(2011, 6);
        var settings = data.Settings();
        settings["Archive:PauseAfterUpload"] = "00:01:00";
        settings["Archive:BatchSize"] = "4";

        await using (var job = AppProcess.Worker(settings, "job", "archive-orders"))
        {
            await WaitUntilAsync(async () => (await ListAsync(day)).Count > 0);
            await job.KillAsync();
        }
        await using (var db = data.NewDbContext())
        {
            Assert.Equal(6, await db.Orders.CountAsync(Ct)); // uploaded, verified, but not deleted
            Assert.Equal(4, await db.Orders.CountAsync(o => o.ArchiveBatch != null, Ct));
            // A killed host records nothing: its run stays Running until the next run holds the lock.
            Assert.Equal(JobOutcome.Running, (await db.JobRuns.SingleAsync(Ct)).Outcome);
        }
        settings.Remove("Archive:PauseAfterUpload");

        var (code, output) = await AppProcess.RunWorkerAsync(settings, "job", "archive-orders");

        Assert.True(code == 0, output);
        await using var check = data.NewDbContext();
        Assert.Equal(0, await check.Orders.CountAsync(Ct));
        var archived = await ReadAsync(await ListAsync(day));
        Assert.Equal(ids.Order(), archived.Select(r => r.Id).Order());
        Assert.Equal(ids.Order(), (await check.ArchivedOrders.Select(p => p.OrderId).ToListAsync(Ct)).Order());
        Assert.Equal([JobOutcome.Abandoned, JobOutcome.Succeeded], await check.JobRuns.OrderBy(r => r.Id).Select(r => r.Outcome).ToListAsync(Ct));
    }

    [Fact]
    public async Task An_archived_order_is_still_returned_by_the_Api_and_marked_archived()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var order = await data.AddOrderAsync(_now.AddDays(-100), OrderStatus.Confirmed, (7, "Compass", 24.90m, 2));
        var (code, output) = await AppProcess.RunWorkerAsync(data.Settings(), "job", "archive-orders");
        Assert.True(code == 0, output);

        await using var api = new HostFactory<ApiHost::Program>(data.Settings());
        var body = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/orders/{order.Id}", Ct);

        Assert.True(body.GetProperty("archived").GetBoolean());
        Assert.Equal("Confirmed", body.GetProperty("status").GetString());
        Assert.Equal(49.80m, body.GetProperty("total").GetDecimal());
        Assert.Equal("Compass", body.GetProperty("lines")[0].GetProperty("itemName").GetString());
        Assert.Equal(2, body.GetProperty("history").GetArrayLength());
    }

    private static BlobContainerClient Archive() =>
        new BlobServiceClient(TestServers.BlobConnectionString()).GetBlobContainerClient(BlobContainers.Archive);

    internal static async Task<List<string>> ListAsync(DateTimeOffset day)
    {
        var names = new List<string>();
        try
        {
            await foreach (var blob in Archive().GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: $"orders/{day.UtcDateTime:yyyy'/'MM'/'dd}/", cancellationToken: Ct))
            {
                names.Add(blob.Name);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
        }
        return names;
    }

    internal static async Task<List<ArchiveRecord>> ReadAsync(IEnumerable<string> names)
    {
        var records = new List<ArchiveRecord>();
        foreach (var name in names)
        {
            var content = await Archive().GetBlobClient(name).DownloadContentAsync(Ct);
            records.AddRange(ArchiveFormat.Read(content.Value.Content.ToArray()).Records);
        }
        return records;
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 60) =>
        Assert.True(await Poll.UntilAsync(condition, TimeSpan.FromSeconds(seconds)), "condition not met in time");
}
