using System.Globalization;

namespace Web.Components;

/// <summary>Every price on every page is written the same way: euros, two decimals, grouped thousands.</summary>
public static class Money
{
    public static string Eur(decimal amount) => "€" + amount.ToString("#,##0.00", CultureInfo.InvariantCulture);
}
