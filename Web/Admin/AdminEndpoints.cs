using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Web.Admin;

/// <summary>Admin form posts: antiforgery-checked, each answered with a redirect and a message.</summary>
internal static class AdminEndpoints
{
    public const string TokenClaim = "admin_token";
    public const string Policy = "web-admin";

    public static IServiceCollection AddWebAdmin(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/admin/login";
                o.Cookie.Name = "shop_admin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireClaim(TokenClaim));
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>The strict budget for admin sign-in attempts (<c>RateLimits:admin-sign-in</c>): token guessing is slow.</summary>
    public const string SignInRateLimit = "admin-sign-in";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/login", async ([FromForm] string token, AdminClient admin, HttpContext context) =>
        {
            if (string.IsNullOrWhiteSpace(token) || !await admin.IsValidTokenAsync(token.Trim()))
            {
                return Results.LocalRedirect("/admin/login?error=wrong-token");
            }
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(TokenClaim, token.Trim())],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(new ClaimsPrincipal(identity));
            return Results.LocalRedirect("/admin");
        }).RequireRateLimiting(SignInRateLimit);
        app.MapPost("/admin/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync();
            return Results.LocalRedirect("/");
        });

        var items = app.MapGroup("/admin/items").RequireAuthorization(Policy);
        items.MapPost("", async ([FromForm] ItemForm form, AdminClient admin, ClaimsPrincipal user) =>
            Done(await admin.SaveAsync(Token(user), null, form.ToRequest()), "/admin", "Item created."));
        items.MapPost("/{id:int}", async (int id, [FromForm] ItemForm form, AdminClient admin, ClaimsPrincipal user) =>
            Done(await admin.SaveAsync(Token(user), id, form.ToRequest()), $"/admin/items/{id}", "Saved."));
        items.MapPost("/{id:int}/delete", async (int id, AdminClient admin, ClaimsPrincipal user) =>
            Done(await admin.DeleteAsync(Token(user), id), "/admin", "Item deleted."));
        items.MapPost("/{id:int}/image", async (int id, IFormFile image, AdminClient admin, ClaimsPrincipal user) =>
        {
            await using var stream = image.OpenReadStream();
            return Done(await admin.UploadImageAsync(Token(user), id, stream), $"/admin/items/{id}", "Image uploaded; it is shown in all sizes once the Worker has made them.");
        });
        var letters = app.MapGroup("/admin/dead-letters").RequireAuthorization(Policy);
        letters.MapPost("/{id:guid}/replay", async (Guid id, AdminClient admin, ClaimsPrincipal user) =>
            Done(await admin.ReplayDeadLetterAsync(Token(user), id), "/admin/dead-letters", "Message replayed."));
        letters.MapPost("/{id:guid}/delete", async (Guid id, AdminClient admin, ClaimsPrincipal user) =>
            Done(await admin.DeleteDeadLetterAsync(Token(user), id), "/admin/dead-letters", "Dead letter deleted."));
        app.MapPost("/admin/jobs/{name}/run", async (string name, AdminClient admin, ClaimsPrincipal user) =>
            Done(await admin.RunJobAsync(Token(user), name), "/admin/jobs", $"Run of {name} requested; the Worker starts it within seconds."))
            .RequireAuthorization(Policy);
        return app;
    }

    private static string Token(ClaimsPrincipal user) => user.FindFirstValue(TokenClaim)!;

    private static IResult Done(AdminResult result, string back, string message) => Results.LocalRedirect(
        result.Ok ? $"{back}?message={Uri.EscapeDataString(message)}" : $"{back}?error={Uri.EscapeDataString(result.Error ?? "Failed.")}");
}

/// <summary>
/// The new-item and edit forms. Settable properties, not a positional record: form binding demands every constructor
/// parameter, and the new-item form has no version to send.
/// </summary>
internal sealed class ItemForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public decimal? Price { get; set; }
    public int? Stock { get; set; }
    public uint? Version { get; set; }

    public object ToRequest() => new { name = Name, description = Description ?? "", price = Price, stock = Stock, version = Version };
}
