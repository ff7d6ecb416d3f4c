using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Api.Infrastructure;

/// <summary>
/// Binding failures (a non-numeric page, malformed JSON, a body in a charset nobody can decode) are the client's
/// mistake: answer with a 400 or 415 ProblemDetails that says what was wrong, in every environment, never a 500.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            // The JSON reader throws this for a charset it cannot decode (utf-7, nonsense).
            InvalidOperationException when UnreadableCharset(context.Request) is { } charset =>
                (StatusCodes.Status415UnsupportedMediaType, $"The request body's charset '{charset}' is not supported: send UTF-8."),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = status == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Bad request", Detail = detail },
        });
    }

    /// <summary>The request's charset when it is one .NET cannot decode (unknown, or UTF-7, which is disabled).</summary>
    private static string? UnreadableCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.Charset is not { Length: > 0 } charset)
        {
            return null;
        }
        try
        {
            _ = Encoding.GetEncoding(charset.ToString().Trim('"'));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return charset.ToString();
        }
    }
}
