using Web;
using Web.Admin;
using Web.Cart;
using Web.Catalog;
using Web.Components;
using Web.Ordering;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebServices();

var app = builder.Build();

app.UseStatusPages();
// The pages use no script and no inline style; images come through Web's own relay.
app.UseSecurityHeaders("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
app.UseAuthentication();
app.UseAuthorization();
app.UseClientRateLimits();
app.UseRequestTimeouts();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapImageEndpoints();
app.MapCartEndpoints();
app.MapCheckoutEndpoints();
app.MapAdminEndpoints();
app.MapRazorComponents<App>();

app.Run();
