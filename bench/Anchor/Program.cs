using Npgsql;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
// Same settings as the Api's data source (DatabaseExtensions.WithPerformanceDefaults), so the anchor is a fair floor.
var csb = new NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("shopdb"))
{
    Multiplexing = true, MaxAutoPrepare = 50, NoResetOnClose = true,
};
await using var dataSource = NpgsqlDataSource.Create(csb.ConnectionString);
var app = builder.Build();

var image = new AnchorImage("/api/catalog/items/1/images/0/original", 2400, 1800,
    [new(640, "/api/catalog/items/1/images/0/640.webp"), new(1280, "/api/catalog/items/1/images/0/1280.webp"), new(1920, "/api/catalog/items/1/images/0/1920.webp")]);
var item = new AnchorItem(1, "Alpine Trail Backpack", "A light, ventilated pack for long day hikes.", 89.95m, 12, "/api/catalog/items/1/image", 1, image);
app.MapGet("/item", () => TypedResults.Ok(item));
// The Api's item read: the item and its current image, one row.
app.MapGet("/item/{id:int}/db", async (int id) =>
{
    await using var command = dataSource.CreateCommand("""
        SELECT c.id, c.name, c.description, c.price, c.stock, c.image_id, c.xmin, i.width, i.height, i.widths
        FROM catalog_items AS c LEFT JOIN catalog_images AS i ON i.id = c.image_id WHERE c.id = $1
        """);
    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
    await using var reader = await command.ExecuteReaderAsync();
    if (!await reader.ReadAsync())
    {
        return Results.NotFound();
    }
    AnchorImage? picture = null;
    if (!reader.IsDBNull(5))
    {
        var imageId = reader.GetGuid(5);
        var links = reader.GetFieldValue<int[]>(9).Select(w => new AnchorRendition(w, $"/api/catalog/items/{id}/images/{imageId:N}/{w}.webp"));
        picture = new AnchorImage($"/api/catalog/items/{id}/images/{imageId:N}/original", reader.GetInt32(7), reader.GetInt32(8), [.. links]);
    }
    return Results.Ok(new AnchorItem(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.GetInt32(4),
        picture is null ? null : $"/api/catalog/items/{id}/image", reader.GetFieldValue<uint>(6), picture));
});

app.Run();

internal sealed record AnchorItem(int Id, string Name, string Description, decimal Price, int Stock, string? ImageUrl, uint Version, AnchorImage? Image);

internal sealed record AnchorImage(string Url, int Width, int Height, AnchorRendition[] Renditions);

internal sealed record AnchorRendition(int Width, string Url);
