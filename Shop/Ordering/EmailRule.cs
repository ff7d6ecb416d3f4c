using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Shop.Ordering;

/// <summary>
/// The one rule for a shopper's e-mail address: the Api enforces it, and Web (which links this file) puts
/// <see cref="Pattern"/> on its input, so the browser refuses what the server would.
/// </summary>
public static partial class EmailRule
{
    /// <summary>Something, an @, a host with a dot; valid both as .NET and as an HTML <c>pattern</c> (JavaScript v flag).</summary>
    public const string Pattern = @"[^@\s]+@[^@\s]+\.[^@\s]+";

    public const int MaxLength = 320;

    public static bool IsValid(string? email) =>
        email is { Length: > 0 and <= MaxLength } && Whole().IsMatch(email)
        && MailAddress.TryCreate(email, out var address) && address.Address == email;

    [GeneratedRegex($"^(?:{Pattern})$")]
    private static partial Regex Whole();
}
