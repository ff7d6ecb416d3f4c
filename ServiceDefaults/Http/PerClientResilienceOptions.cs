using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Http;

/// <summary>
/// A named HttpClient's resilience options: the <c>HttpResilience</c> section, overridden by
/// <c>HttpResilience:Clients:&lt;client name&gt;</c>. One dependency can then tolerate more
/// failures than the rest (the payment provider's brown-outs, for example).
/// </summary>
internal sealed class PerClientResilienceOptions(IConfiguration configuration) : IConfigureNamedOptions<HttpResilienceOptions>
{
    public void Configure(string? name, HttpResilienceOptions options)
    {
        configuration.GetSection(HttpResilienceOptions.Section).Bind(options);
        if (!string.IsNullOrEmpty(name))
        {
            configuration.GetSection($"{HttpResilienceOptions.Section}:Clients:{name}").Bind(options);
        }
    }

    public void Configure(HttpResilienceOptions options) => Configure(Options.DefaultName, options);
}
