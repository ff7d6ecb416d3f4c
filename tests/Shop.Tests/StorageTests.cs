using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shop.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

/// <summary>The blob client as the hosts register it (AddAzureBlobServiceClient), against the shared Azurite.</summary>
public sealed class StorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_shops_containers_hold_what_is_written_and_the_health_check_is_healthy()
    {
        using var host = Build(TestServers.BlobConnectionString());
        var containers = host.Services.GetRequiredService<BlobContainers>();

        var reports = await containers.GetAsync(BlobContainers.Reports, Ct);
        var blob = reports.GetBlobClient($"tests/{Guid.NewGuid():N}.txt");
        await blob.UploadAsync(BinaryData.FromString("héllo"), Ct);

        Assert.Equal("héllo", (await blob.DownloadContentAsync(Ct)).Value.Content.ToString());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);
    }

    [Fact]
    public async Task A_wrong_account_key_makes_the_health_check_unhealthy_with_the_storage_error()
    {
        using var host = Build(TestServers.BlobConnectionString(key: Convert.ToBase64String(new byte[64])));

        var report = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("403", report.Exception?.Message);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net", "https://acct.blob.core.windows.net/")]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net", "https://acct.blob.core.windows.net/")]
    public void Every_connection_string_form_Aspire_hands_out_gives_a_client_for_its_endpoint(string connectionString, string endpoint)
    {
        using var host = Build(connectionString);

        Assert.Equal(new Uri(endpoint), host.Services.GetRequiredService<BlobServiceClient>().Uri);
    }

    private static IHost Build(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:blobs"] = connectionString;
        builder.AddShopStorage();
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct)).Entries["Azure_BlobServiceClient"];
}
