var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var item = new AnchorItem(1, "Alpine Trail Backpack", "A light, ventilated pack for long day hikes.", 89.95m, 12, "/api/catalog/items/1/image", 1);
app.MapGet("/item", () => TypedResults.Ok(item));

app.Run();

internal sealed record AnchorItem(int Id, string Name, string Description, decimal Price, int Stock, string ImageUrl, uint Version);
