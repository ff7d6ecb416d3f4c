using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Messaging;

namespace Api.Admin;

internal static class DeadLetterEndpoints
{
    public static RouteGroupBuilder MapDeadLetters(this RouteGroupBuilder admin)
    {
        admin.MapGet("/dead-letters", ListAsync);
        admin.MapPost("/dead-letters/{id:guid}/replay", ReplayAsync);
        admin.MapDelete("/dead-letters/{id:guid}", DeleteAsync);
        return admin;
    }

    private static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> ListAsync(
        IDeadLetterStore store, int? page, int? pageSize, CancellationToken ct)
    {
        if (page is < 1 or > 100_000 || pageSize is < 1 or > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["paging"] = ["page must be 1 to 100000 and pageSize 1 to 100."],
            });
        }
        return TypedResults.Ok(await store.ListAsync(page ?? 1, pageSize ?? 20, ct));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ReplayAsync(IDeadLetterStore store, Guid id, CancellationToken ct) =>
        await store.ReplayAsync(id, ct) ? TypedResults.Accepted((string?)null) : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(IDeadLetterStore store, Guid id, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotFound(id);

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Dead letter {id} does not exist.");
}
