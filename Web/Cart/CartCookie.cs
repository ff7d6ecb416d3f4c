using System.Security.Cryptography;

namespace Web.Cart;

/// <summary>The opaque cart id: random, HttpOnly, Secure outside Development, 30 days.</summary>
internal static class CartCookie
{
    public const string Name = "shop_cart";

    public static string? Read(HttpContext context) =>
        context.Request.Cookies.TryGetValue(Name, out var id) && id.Length == 32 && id.All(char.IsAsciiHexDigit) ? id : null;

    public static string GetOrCreate(HttpContext context)
    {
        var id = Read(context) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(Name, id, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps || !context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment(),
            SameSite = SameSiteMode.Lax,
            MaxAge = CartStore.Lifetime,
            IsEssential = true,
        });
        return id;
    }
}
