using Microsoft.AspNetCore.Diagnostics;

namespace Api.Infrastructure;

/// <summary>
/// Binding failures (a non-numeric page, malformed JSON) are the client's mistake: answer with a
/// 400 ProblemDetails that says what was wrong, in every environment, never a 500.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        });
    }
}
