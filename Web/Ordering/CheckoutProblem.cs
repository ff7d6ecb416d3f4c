namespace Web.Ordering;

/// <summary>
/// A refused checkout, handed from the POST to the page it renders in place: what the shopper typed stays in the
/// form and never travels in a URL.
/// </summary>
public sealed record CheckoutProblem(string Email, string CheckoutKey, string? EmailError, string? Error)
{
    private static readonly object _key = new();

    public static CheckoutProblem? Of(HttpContext context) => context.Items[_key] as CheckoutProblem;

    public void AttachTo(HttpContext context) => context.Items[_key] = this;
}
