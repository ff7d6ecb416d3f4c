using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Web.Catalog;

/// <summary>
/// Reports Api as Degraded, not Unhealthy, when it is down: the Web tier can still serve its
/// friendly error pages, and taking every Web replica out of rotation would only make it worse.
/// </summary>
internal sealed class ApiHealthCheck(IHttpClientFactory factory) : IHealthCheck
{
    public const string ClientName = "api-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await factory.CreateClient(ClientName).GetAsync("/alive", timeout.Token);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded($"Api answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            return HealthCheckResult.Degraded("Api is unreachable.", ex);
        }
    }
}
