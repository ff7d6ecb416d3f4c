namespace AppHost.LocalServers;

/// <summary>
/// A backing server run as a plain process, for machines without a container engine. It offers what the
/// matching Aspire container resource offers: a connection string for <c>WithReference</c>, a health check for
/// <c>WaitFor</c>, and a "tcp" endpoint (not proxied: the server itself listens on the port).
/// </summary>
internal abstract class LocalServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    /// <summary>Servers listen on IPv4 loopback only; connection strings say so, so no client tries ::1 first.</summary>
    public const string Host = "127.0.0.1";

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}

internal sealed class LocalPostgresResource(string name, string command, string workingDirectory, string database)
    : LocalServerResource(name, command, workingDirectory)
{
    // The database is part of the server's connection string: a child database resource under an executable
    // never gets a state of its own, so WaitFor on it would hang. `Worker migrate` creates the database.
    public override ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host={Host};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Database={database}");
}

internal sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : LocalServerResource(name, command, workingDirectory)
{
    public override ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Host}:{Endpoint.Property(EndpointProperty.Port)}");
}

internal sealed class LocalAzuriteResource(string name, string command, string workingDirectory)
    : LocalServerResource(name, command, workingDirectory)
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft; not a secret).</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public override ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};BlobEndpoint=http://{Host}:{Endpoint.Property(EndpointProperty.Port)}/devstoreaccount1;");
}
