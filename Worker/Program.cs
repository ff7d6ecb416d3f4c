using Worker;

// One binary, several roles (see `Worker --help`): the default consumer + scheduler host,
// `migrate` (apply the schema, exit) and `job <name>` (run one job, exit).
var role = WorkerRole.Parse(args);
if (role.Kind == RoleKind.Help)
{
    Console.WriteLine(WorkerRole.Usage);
    return 0;
}
if (role.Kind == RoleKind.Invalid)
{
    await Console.Error.WriteLineAsync(role.Error + Environment.NewLine + WorkerRole.Usage);
    return 2;
}
if (role.Kind == RoleKind.Migrate)
{
    return await MigrateRole.RunAsync(role.HostArgs);
}
if (role.Kind == RoleKind.Job)
{
    return await JobRole.RunAsync(role.Job!, role.HostArgs);
}

var builder = WebApplication.CreateBuilder(role.HostArgs);
builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
