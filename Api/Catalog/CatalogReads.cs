using System.Linq.Expressions;
using Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Shop.Catalog;
using Shop.Data;

namespace Api.Catalog;

internal static class CatalogReads
{
    public const string GetItemRoute = "GetCatalogItem";
    public const int MaxPageSize = 100;
    private const int MaxQueryLength = 200;
    public const string CacheHeader = "X-Cache";

    public static async Task<Results<JsonBytesResult<CatalogPage>, ValidationProblem>> ListItems(
        ShopDbContext db, CatalogCache cache, HttpResponse response, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > 100_000)
        {
            errors["page"] = ["page must be between 1 and 100000."];
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
        int p = page ?? 1, size = pageSize ?? 20;
        var key = await cache.SearchKeyAsync(q, p, size);
        var (json, hit) = await cache.GetOrLoadJsonAsync(key, CatalogCache.SearchTtl, () => LoadPageAsync(db, q, p, size, ct));
        response.Headers[CacheHeader] = hit ? "HIT" : "MISS";
        return new JsonBytesResult<CatalogPage>(json!);
    }

    public static async Task<Results<JsonBytesResult<CatalogItemDto>, ProblemHttpResult>> GetItem(
        ShopDbContext db, CatalogCache cache, HttpResponse response, int id, CancellationToken ct)
    {
        var (json, hit) = await cache.GetOrLoadJsonAsync(CatalogCache.ItemKey(id), CatalogCache.ItemTtl,
            () => _itemById(db, id, ct), inProcess: true);
        response.Headers[CacheHeader] = hit ? "HIT" : "MISS";
        return json is null ? NotFound(id) : new JsonBytesResult<CatalogItemDto>(json);
    }

    internal static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Catalog item {id} does not exist.");

    private static async Task<CatalogPage?> LoadPageAsync(ShopDbContext db, string? q, int page, int size, CancellationToken ct)
    {
        var query = db.CatalogItems.AsNoTracking();
        IOrderedQueryable<CatalogItem> ordered;
        if (string.IsNullOrWhiteSpace(q))
        {
            ordered = query.OrderBy(i => i.Name).ThenBy(i => i.Id);
        }
        else if (AnyOf(q) is not { } terms)
        {
            // Only punctuation or symbols: no word to look for, so nothing matches (and no tsquery to get wrong).
            return new CatalogPage([], page, size, 0);
        }
        else
        {
            // Any word may match; ranking (name weighs more) puts the best match first.
            // The tsquery call must stay inside the expression tree to be translated to SQL.
            ordered = query.Where(i => i.SearchVector.Matches(EF.Functions.ToTsQuery("english", terms)))
                .OrderByDescending(i => i.SearchVector.RankCoverDensity(EF.Functions.ToTsQuery("english", terms)))
                .ThenBy(i => i.Id);
        }
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((page - 1) * size).Take(size).Select(ToDto).ToListAsync(ct);
        return new CatalogPage(items, page, size, total);
    }

    /// <summary>
    /// "glacier camp-stove!" becomes "glacier | camp | stove": only letters and digits reach to_tsquery, so no search
    /// text can be tsquery syntax. Null when there is no word at all.
    /// </summary>
    private static string? AnyOf(string q)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(q, @"[\p{L}\p{N}]+")
            .Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).Take(10).ToList();
        return words.Count == 0 ? null : string.Join(" | ", words);
    }

    internal static readonly Expression<Func<CatalogItem, CatalogItemDto>> ToDto = i =>
        new CatalogItemDto(i.Id, i.Name, i.Description, i.Price, i.Stock,
            i.ImageId == null ? null : ImageLinks.Current(i.Id), i.Version,
            ImageLinks.Dto(i.Id, i.ImageId, i.Image == null ? 0 : i.Image.Width, i.Image == null ? 0 : i.Image.Height,
                i.Image == null ? null : i.Image.Widths));

    internal static readonly Func<CatalogItem, CatalogItemDto> Map = ToDto.Compile();

    // Compiled once: the uncached profile showed LINQ funcletising and query-cache lookup on every read.
    private static readonly Func<ShopDbContext, int, CancellationToken, Task<CatalogItemDto?>> _itemById =
        EF.CompileAsyncQuery((ShopDbContext db, int id, CancellationToken ct) =>
            db.CatalogItems.AsNoTracking().Where(i => i.Id == id).Select(ToDto).FirstOrDefault());
}
