namespace Api.Payments;

/// <summary>
/// The Api binary in its <c>payment-simulator</c> role: only the simulated payment provider, as a process of its own,
/// the way a real provider would be reached (the AppHost runs it as the "payments" resource).
/// </summary>
internal static class PaymentSimulatorHost
{
    public const string Role = "payment-simulator";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddProblemDetails();
        builder.Services.AddOptions<PaymentSimulatorOptions>().BindConfiguration(PaymentSimulatorOptions.Section)
            .Configure(o => o.Enabled = true)
            .ValidateDataAnnotations().ValidateOnStart();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.MapPaymentSimulator();
        await app.RunAsync();
    }
}
