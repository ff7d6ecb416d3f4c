using Api.Admin;
using Api.Catalog;
using Api.Infrastructure;
using Api.Ordering;
using Api.Payments;

if (args is [PaymentSimulatorHost.Role, ..])
{
    await PaymentSimulatorHost.RunAsync(args[1..]);
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiServices();

var app = builder.Build();

app.UseSecurityHeaders("default-src 'none'; frame-ancestors 'none'");
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseClientRateLimits();
app.UseRequestTimeouts();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapCatalogApi();
app.MapOrdersApi();
app.MapAdminApi();
app.MapPaymentSimulator();

app.Run();
