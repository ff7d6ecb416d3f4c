using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>One budget: so many requests per window per client (section <c>RateLimits:&lt;policy&gt;</c>).</summary>
public sealed class RateLimitBudget
{
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 200;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class RateLimitingExtensions
{
    public const string Section = "RateLimits";
    public const string Global = "Global";

    /// <summary>
    /// Per-client rate limits shared by every replica (<see cref="RedisFixedWindowRateLimiter"/> on the registered Redis):
    /// <c>RateLimits:Global</c> for every request (default 200 a minute, as an edge limit would), and each named policy
    /// for the endpoints that ask for it with <c>RequireRateLimiting(name)</c>. The client is the signed-in user, else the
    /// IP address; behind a proxy that address comes from X-Forwarded-For only when the proxy is trusted
    /// (<c>ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c>). A rejected request gets 429, Retry-After and a
    /// ProblemDetails body; <c>RateLimits:Enabled=false</c> turns it all off.
    /// </summary>
    public static TBuilder AddClientRateLimits<TBuilder>(this TBuilder builder, params string[] policies) where TBuilder : IHostApplicationBuilder
    {
        foreach (var name in policies.Append(Global))
        {
            builder.Services.AddOptions<RateLimitBudget>(name).BindConfiguration($"{Section}:{name}").ValidateDataAnnotations().ValidateOnStart();
        }
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            string[] proxies = [.. (builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? []).Where(p => !string.IsNullOrWhiteSpace(p))];
            string[] networks = [.. (builder.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? []).Where(n => !string.IsNullOrWhiteSpace(n))];
            if (proxies.Length + networks.Length == 0)
            {
                return; // only loopback is trusted, ASP.NET Core's default
            }
            // Configured proxies replace the default: then only they may say who the client is.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, Global));
            foreach (var name in policies)
            {
                options.AddPolicy(name, context => Partition(context, name));
            }
            options.OnRejected = (context, ct) => RejectAsync(context.HttpContext, context.Lease);
        });
        return builder;
    }

    /// <summary>Forwarded headers (from trusted proxies only), then the limits. Off when <c>RateLimits:Enabled</c> is false.</summary>
    public static WebApplication UseClientRateLimits(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Configuration.GetValue($"{Section}:Enabled", true))
        {
            app.UseRateLimiter();
        }
        return app;
    }

    /// <summary>Seconds until the client's window ends, for a Retry-After header.</summary>
    public static string? RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
            : null;

    private static RateLimitPartition<string> Partition(HttpContext context, string policy)
    {
        var client = context.User.Identity is { IsAuthenticated: true, Name: { } user } ? "user:" + user : "ip:" + context.Connection.RemoteIpAddress;
        var services = context.RequestServices;
        return RateLimitPartition.Get($"{policy}:{client}", key =>
        {
            var budget = services.GetRequiredService<IOptionsMonitor<RateLimitBudget>>().Get(policy);
            return new RedisFixedWindowRateLimiter(services.GetRequiredService<IConnectionMultiplexer>(), "ratelimit:" + key, budget.PermitLimit,
                budget.Window, services.GetRequiredService<ILoggerFactory>().CreateLogger<RedisFixedWindowRateLimiter>());
        });
    }

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (RetryAfterSeconds(lease) is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds;
        }
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Slow down, then try again after the time in Retry-After." },
        });
    }
}
