namespace Shop.Storage;

/// <summary>
/// The storage connection strings Aspire and Azure hand out: an account-key string (Azurite and
/// keys), <c>UseDevelopmentStorage=true</c>, or an endpoint alone (managed identity).
/// </summary>
public sealed record StorageConnection(Uri BlobEndpoint, string? AccountName, string? AccountKey)
{
    internal const string DevAccount = "devstoreaccount1";
    internal const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public bool UsesSharedKey => AccountName is not null && AccountKey is not null;

    public static StorageConnection Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (Uri.TryCreate(connectionString.Trim(), UriKind.Absolute, out var plain) && plain.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            return new StorageConnection(plain, null, null);
        }
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            return new StorageConnection(new Uri($"http://127.0.0.1:10000/{DevAccount}"), DevAccount, DevKey);
        }
        parts.TryGetValue("AccountName", out var account);
        parts.TryGetValue("AccountKey", out var key);
        Uri endpoint;
        if (parts.TryGetValue("BlobEndpoint", out var blob) || parts.TryGetValue("Endpoint", out blob))
        {
            endpoint = new Uri(blob);
        }
        else if (account is not null)
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri($"{protocol}://{account}.blob.{suffix}");
        }
        else
        {
            throw new FormatException("The blob connection string has neither BlobEndpoint/Endpoint nor AccountName.");
        }
        return new StorageConnection(endpoint, account, key);
    }
}
