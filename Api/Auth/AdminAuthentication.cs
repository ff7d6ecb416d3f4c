using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Api.Auth;

/// <summary>
/// Until user accounts exist, the admin is whoever presents the bearer token from configuration
/// (<c>Admin:Token</c>). Without a configured token nobody is admin: safe by default.
/// </summary>
internal sealed class AdminTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, IConfiguration configuration) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";
    public const string Policy = "admin";
    public const string Role = "admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var expected = configuration["Admin:Token"];
        var presented = header["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(expected) || !FixedTimeEquals(expected, presented))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin token."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}

internal static class AdminAuthenticationExtensions
{
    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(AdminTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AdminTokenHandler>(AdminTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminTokenHandler.Policy, p => p.RequireRole(AdminTokenHandler.Role));
        return services;
    }
}
