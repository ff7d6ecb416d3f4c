using Api.Auth;

namespace Api.Catalog;

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/catalog").WithTags("Catalog");
        items.MapGet("/items", CatalogReads.ListItems);
        items.MapGet("/items/{id:int}", CatalogReads.GetItem).WithName(CatalogReads.GetItemRoute);
        items.MapGet("/items/{id:int}/image", CatalogImages.GetImage);
        items.MapGet("/items/{id:int}/images/{imageId:guid}/{file}", CatalogImages.GetImageFile);

        var admin = app.MapGroup("/api/catalog").WithTags("Catalog admin")
            .RequireAuthorization(AdminTokenHandler.Policy);
        admin.MapPost("/items", CatalogWrites.Create);
        admin.MapPut("/items/{id:int}", CatalogWrites.Update);
        admin.MapDelete("/items/{id:int}", CatalogWrites.Delete);
        admin.MapPut("/items/{id:int}/image", CatalogImages.PutImage);
        return app;
    }
}
