using AppHost;
using Shop;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL, Redis and blob storage: local processes without a container engine, containers with one, Azure when published.
var shop = builder.AddShopResources();

// The Worker binary in its `migrate` role: applies the schema, exits 0, and only then do the hosts start.
var migrations = builder.AddProject<Projects.Worker>(ResourceNames.Migrations, launchProfileName: null)
    .WithImageMemoryLimits() // it draws the seed's pictures
    .WithArgs("migrate")
    .WithShopResources(shop);

// Admin API token until user accounts exist: generated once and kept in user secrets; azd prompts for it in Azure.
var adminToken = builder.AddParameter("admin-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

var api = builder.AddService<Projects.Api>(ResourceNames.Api)
    .WithShopResources(shop)
    .WithEnvironment("Admin__Token", adminToken)
    .WaitForCompletion(migrations);

var worker = builder.AddService<Projects.Worker>(ResourceNames.Worker)
    .WithShopResources(shop)
    .WithPaymentProvider(builder)
    .WithImageMemoryLimits()
    .WaitForCompletion(migrations);

builder.AddShopJobs(worker, job => builder.AddProject<Projects.Worker>($"job-{job}", launchProfileName: null)
    .WithArgs("job", job)
    .WithShopResources(shop)
    .WaitForCompletion(migrations));

// Web starts with the Api instead of after it: it reports the Api as Degraded until it answers, and serves
// its friendly error page meanwhile.
builder.AddService<Projects.Web>(ResourceNames.Web)
    .WithExternalHttpEndpoints()
    .WithReference(shop.Cache).WaitFor(shop.Cache)
    .WithReference(api)
    .WaitForCompletion(migrations);

builder.AddStartupReport();

builder.Build().Run();
