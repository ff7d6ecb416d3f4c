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

var item = new AnchorItem(1, "Alpine Trail Backpack", "A light, ventilated pack for long day hikes.", 89.95m, 12, "/api/catalog/items/1/image", 1);
app.MapGet("/item", () => TypedResults.Ok(item));
app.MapGet("/item/{id:int}/db", async (int id) =>
{
    await using var command = dataSource.CreateCommand(
        "SELECT id, name, description, price, stock, image_blob, xmin FROM catalog_items WHERE id = $1");
    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
    await using var reader = await command.ExecuteReaderAsync();
    if (!await reader.ReadAsync())
    {
        return Results.NotFound();
    }
    return Results.Ok(new AnchorItem(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.GetInt32(4),
        reader.IsDBNull(5) ? null : $"/api/catalog/items/{id}/image", reader.GetFieldValue<uint>(6)));
});

app.Run();

internal sealed record AnchorItem(int Id, string Name, string Description, decimal Price, int Stock, string? ImageUrl, uint Version);
