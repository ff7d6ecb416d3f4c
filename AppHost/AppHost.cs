using AppHost;
using Shop;
using Shop.Jobs;

var builder = DistributedApplication.CreateBuilder(args);

// Where `azd up` puts every project and container: one Azure Container Apps environment.
builder.AddAzureContainerAppEnvironment("env");

var postgres = builder.AddPostgres(ResourceNames.Postgres);
if (builder.ExecutionContext.IsRunMode)
{
    // Keep local data between runs (the generated password is kept in user secrets). Not in Azure:
    // volumes there live on Azure Files, where PostgreSQL cannot chmod its data directory.
    postgres.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
}
var database = postgres.AddDatabase(ResourceNames.Database);

#pragma warning disable ASPIRECERTIFICATES001 // opting out of TLS is still marked experimental
// Plain TCP, as under run.sh: the services' Redis client is not set up to trust the dev certificate.
var cache = builder.AddRedis(ResourceNames.Cache).WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001

// The emulator locally; a Service Bus namespace in Azure.
var messaging = builder.AddAzureServiceBus(ResourceNames.Messaging).RunAsEmulator();
messaging.AddShopQueue(ResourceNames.OrdersQueue);
messaging.AddShopQueue(ResourceNames.NotificationsQueue);

// Product images outlive a restart only if the database rows pointing at them do too.
var blobs = builder.AddAzureStorage(ResourceNames.Storage)
    .RunAsEmulator(azurite => azurite.WithDataVolume().WithLifetime(ContainerLifetime.Persistent))
    .AddBlobs(ResourceNames.Blobs);

// The Worker binary in its `migrate` role: applies the schema, exits 0, and only then do the hosts start.
var migrations = builder.AddProject<Projects.Worker>(ResourceNames.Migrations, launchProfileName: null)
    .WithArgs("migrate")
    .WithReference(database).WaitFor(database)
    .WithReference(blobs).WaitFor(blobs); // seeds product images

// Admin API token until user accounts exist: a secret parameter (user secrets locally, azd prompts in Azure).
var adminToken = builder.AddParameter("admin-token", secret: true);

var api = builder.AddService<Projects.Api>(ResourceNames.Api)
    .WithReference(database).WaitFor(database)
    .WithReference(cache).WaitFor(cache)
    .WithReference(blobs).WaitFor(blobs)
    .WithServiceBusTransport(messaging)
    .WithEnvironment("Admin__Token", adminToken)
    .WithEnvironment("PaymentSimulator__Enabled", "true") // there is no real payment provider yet
    .WaitForCompletion(migrations);

var worker = builder.AddService<Projects.Worker>(ResourceNames.Worker)
    .WithReference(database).WaitFor(database)
    .WithReference(cache).WaitFor(cache)
    .WithReference(blobs).WaitFor(blobs)
    .WithServiceBusTransport(messaging)
    .WithPaymentsFrom(api)
    .WaitForCompletion(migrations);

// Locally the Worker's in-process scheduler runs the jobs. In Azure each job is its own Container Apps
// job running `Worker job <name>` on its schedule, and the scheduler is off, so nothing runs twice.
if (builder.ExecutionContext.IsPublishMode)
{
    worker.WithEnvironment("Jobs__SchedulerEnabled", "false");

    foreach (var (job, schedule) in JobSchedules.Defaults)
    {
        builder.AddScheduledJob(job, schedule)
            .WithReference(database).WaitFor(database)
            .WithReference(cache).WaitFor(cache)
            .WithReference(blobs).WaitFor(blobs)
            .WithServiceBusTransport(messaging)
            .WaitForCompletion(migrations);
    }
}

builder.AddService<Projects.Web>(ResourceNames.Web)
    .WithExternalHttpEndpoints()
    .WithReference(cache).WaitFor(cache)
    .WithReference(api).WaitFor(api);

builder.Build().Run();
