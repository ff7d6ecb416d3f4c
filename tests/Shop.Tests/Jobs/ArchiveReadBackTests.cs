extern alias WorkerHost;

using System.IO.Compression;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Jobs;
using Shop.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Jobs;

/// <summary>Archival deletes rows only after their blob reads back intact.</summary>
public sealed class ArchiveReadBackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// In the blob client's own HTTP pipeline: every archive blob downloaded comes back with one product name
    /// changed inside its gzip, the same number of lines, as a storage fault the job cannot tell by its size.
    /// </summary>
    private sealed class CorruptArchiveDownloads : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Corrupt(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Corrupt(message);
        }

        private static void Corrupt(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Get || !message.Request.Uri.Path.Contains($"/{BlobContainers.Archive}/orders/", StringComparison.Ordinal)
                || message.Response.Status != 200 || message.Response.ContentStream is not { } body)
            {
                return;
            }
            using var plain = new MemoryStream();
            using (var gzip = new GZipStream(body, CompressionMode.Decompress))
            {
                gzip.CopyTo(plain);
            }
            var text = Encoding.UTF8.GetString(plain.ToArray()).Replace("\"Tent\"", "\"Tint\"", StringComparison.Ordinal);
            var corrupted = new MemoryStream();
            using (var gzip = new GZipStream(corrupted, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Encoding.UTF8.GetBytes(text));
            }
            corrupted.Position = 0;
            message.Response.ContentStream = corrupted;
        }
    }

    [Fact]
    public async Task A_blob_that_reads_back_corrupted_fails_the_run_and_every_order_row_remains()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var (_, ids) = await data.AddConfirmedOrdersOnOwnDayAsync(2017, 3);
        var settings = data.Settings();
        settings["Jobs:SchedulerEnabled"] = "false";
        await using var worker = new HostFactory<WorkerHost::Program>(settings, services =>
            services.PostConfigureAll<BlobClientOptions>(o => o.AddPolicy(new CorruptArchiveDownloads(), HttpPipelinePosition.PerRetry)));

        var result = await worker.Services.GetRequiredService<JobRunner>().RunAsync("archive-orders", JobTrigger.Command, Ct);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains("did not verify", result.Error, StringComparison.Ordinal);
        await using var db = data.NewDbContext();
        Assert.Equal(ids.Order(), (await db.Orders.Select(o => o.Id).ToListAsync(Ct)).Order());
        Assert.Equal(0, await db.ArchivedOrders.CountAsync(Ct));
        Assert.Equal(JobOutcome.Failed, (await db.JobRuns.SingleAsync(Ct)).Outcome);
    }
}
