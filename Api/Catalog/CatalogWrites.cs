using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Shop.Catalog;
using Shop.Data;

namespace Api.Catalog;

internal static class CatalogWrites
{
    public static async Task<Results<CreatedAtRoute<CatalogItemDto>, ValidationProblem>> Create(
        ShopDbContext db, CatalogCache cache, CatalogItemRequest request, TimeProvider clock, CancellationToken ct)
    {
        var errors = request.Validate(requireVersion: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var item = new CatalogItem { Name = request.Name!.Trim(), Description = request.Description!, UpdatedAt = clock.GetUtcNow() };
        Apply(item, request, clock);
        db.CatalogItems.Add(item);
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync(item.Id);
        return TypedResults.CreatedAtRoute(CatalogReads.Map(item), CatalogReads.GetItemRoute, new { id = item.Id });
    }

    public static async Task<Results<Ok<CatalogItemDto>, ValidationProblem, ProblemHttpResult>> Update(
        ShopDbContext db, CatalogCache cache, int id, CatalogItemRequest request, TimeProvider clock, CancellationToken ct)
    {
        var errors = request.Validate(requireVersion: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var item = await db.CatalogItems.Include(i => i.Image).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return CatalogReads.NotFound(id);
        }
        db.Entry(item).Property(i => i.Version).OriginalValue = request.Version!.Value;
        Apply(item, request, clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict(id);
        }
        await cache.InvalidateAsync(id);
        return TypedResults.Ok(CatalogReads.Map(item));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        ShopDbContext db, CatalogCache cache, TimeProvider clock, int id, CancellationToken ct)
    {
        var item = await db.CatalogItems.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return CatalogReads.NotFound(id);
        }
        db.CatalogItems.Remove(item);
        // Its images' blobs go with housekeeping, after the grace period that replaced images get too.
        foreach (var image in await db.CatalogImages.Where(i => i.ItemId == id && i.ReplacedAt == null).ToListAsync(ct))
        {
            image.ReplacedAt = clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync(id);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult Conflict(int id) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Conflict", detail: $"Catalog item {id} was changed by someone else. Reload it and apply your change again.");

    private static void Apply(CatalogItem item, CatalogItemRequest request, TimeProvider clock)
    {
        item.Name = request.Name!.Trim();
        item.Description = request.Description!;
        item.Price = request.Price!.Value;
        item.Stock = request.Stock!.Value;
        item.UpdatedAt = clock.GetUtcNow();
    }
}
