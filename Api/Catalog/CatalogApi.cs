using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Shop.Catalog;
using Shop.Data;

namespace Api.Catalog;

public static class CatalogApi
{
    public const int MaxPageSize = 100;
    private const int MaxQueryLength = 200;

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalog").WithTags("Catalog");
        group.MapGet("/items", ListItems);
        group.MapGet("/items/{id:int}", GetItem);
        return app;
    }

    internal static async Task<Results<Ok<CatalogPage>, ValidationProblem>> ListItems(
        ShopDbContext db, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }
        if (q?.Length > MaxQueryLength)
        {
            errors["q"] = [$"q must be at most {MaxQueryLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var p = page ?? 1;
        var size = pageSize ?? 20;

        var query = db.CatalogItems.AsNoTracking();
        IOrderedQueryable<CatalogItem> ordered;
        if (string.IsNullOrWhiteSpace(q))
        {
            ordered = query.OrderBy(i => i.Name).ThenBy(i => i.Id);
        }
        else
        {
            var tsQuery = EF.Functions.WebSearchToTsQuery("english", q);
            ordered = query.Where(i => i.SearchVector.Matches(tsQuery))
                .OrderByDescending(i => i.SearchVector.Rank(tsQuery))
                .ThenBy(i => i.Id);
        }
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((p - 1) * size).Take(size).Select(_toDto).ToListAsync(ct);
        return TypedResults.Ok(new CatalogPage(items, p, size, total));
    }

    internal static async Task<Results<Ok<CatalogItemDto>, ProblemHttpResult>> GetItem(
        ShopDbContext db, int id, CancellationToken ct)
    {
        var item = await db.CatalogItems.AsNoTracking().Where(i => i.Id == id).Select(_toDto).FirstOrDefaultAsync(ct);
        return item is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Catalog item {id} does not exist.")
            : TypedResults.Ok(item);
    }

    private static readonly System.Linq.Expressions.Expression<Func<CatalogItem, CatalogItemDto>> _toDto = i =>
        new CatalogItemDto(i.Id, i.Name, i.Description, i.Price, i.Stock,
            i.ImageBlob == null ? null : "/api/catalog/items/" + i.Id + "/image");
}
