using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace AppHost.Tests;

/// <summary>What `azd up` asks of the AppHost (publish mode) on a machine where its Azure part is not compiled in.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publishing_without_the_Azure_part_fails_clearly_instead_of_deploying_local_servers()
    {
        var output = Directory.CreateTempSubdirectory("shop-manifest-").FullName;
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                    ["--publisher", "manifest", "--output-path", output], TestContext.Current.CancellationToken);
                await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
            });
            var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
            Assert.Contains("-p:AzureHosting=true", messages, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(output));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        var x = (Exception?)e;
        while (x is not null)
        {
            yield return x;
            x = x.InnerException;
        }
    }
}
