namespace SyncFunctions.Testing;

/// <summary>
/// The endpoints of a storage connection string, as the Azure SDKs read them:
/// explicit <c>BlobEndpoint</c>/<c>QueueEndpoint</c>/<c>TableEndpoint</c>, <c>UseDevelopmentStorage=true</c>
/// (Azurite on its default ports), or <c>AccountName</c> + <c>EndpointSuffix</c>.
/// </summary>
public sealed record StorageConnectionString(string Value, Uri BlobEndpoint, Uri QueueEndpoint, Uri TableEndpoint)
{
    /// <summary>The well-known Azurite / storage emulator account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The well-known Azurite / storage emulator key (public, documented by Microsoft; not a secret).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The connection string of an Azurite listening on 127.0.0.1 on the given ports.</summary>
    public static StorageConnectionString ForAzurite(int blobPort, int queuePort, int tablePort)
    {
        var blob = new Uri($"http://127.0.0.1:{blobPort}/{DevelopmentAccountName}");
        var queue = new Uri($"http://127.0.0.1:{queuePort}/{DevelopmentAccountName}");
        var table = new Uri($"http://127.0.0.1:{tablePort}/{DevelopmentAccountName}");
        var value =
            $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};AccountKey={DevelopmentAccountKey};" +
            $"BlobEndpoint={blob};QueueEndpoint={queue};TableEndpoint={table};";
        return new StorageConnectionString(value, blob, queue, table);
    }

    /// <summary>Reads the endpoints out of <paramref name="connectionString"/>.</summary>
    /// <exception cref="FormatException">The string is not a storage connection string with blob, queue and table endpoints.</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Not a storage connection string: segment '{Redact(segment)}' has no 'key=value' form.");
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? new Uri(p) : new Uri("http://127.0.0.1");
            return new StorageConnectionString(
                connectionString,
                Explicit(parts, "BlobEndpoint") ?? new Uri($"{proxy.Scheme}://{proxy.Host}:10000/{DevelopmentAccountName}"),
                Explicit(parts, "QueueEndpoint") ?? new Uri($"{proxy.Scheme}://{proxy.Host}:10001/{DevelopmentAccountName}"),
                Explicit(parts, "TableEndpoint") ?? new Uri($"{proxy.Scheme}://{proxy.Host}:10002/{DevelopmentAccountName}"));
        }

        return new StorageConnectionString(
            connectionString,
            Explicit(parts, "BlobEndpoint") ?? Derived(parts, "blob"),
            Explicit(parts, "QueueEndpoint") ?? Derived(parts, "queue"),
            Explicit(parts, "TableEndpoint") ?? Derived(parts, "table"));
    }

    private static Uri? Explicit(Dictionary<string, string> parts, string key) =>
        parts.TryGetValue(key, out var value) && value.Length > 0 ? new Uri(value) : null;

    private static Uri Derived(Dictionary<string, string> parts, string service)
    {
        if (!parts.TryGetValue("AccountName", out var account) || account.Length == 0)
        {
            throw new FormatException(
                $"Storage connection string has no {char.ToUpperInvariant(service[0])}{service[1..]}Endpoint and no AccountName to derive it from.");
        }

        var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var proto) ? proto : "https";
        var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
        return new Uri($"{protocol}://{account}.{service}.{suffix}");
    }

    private static string Redact(string segment) =>
        segment.StartsWith("AccountKey", StringComparison.OrdinalIgnoreCase) || segment.StartsWith("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)
            ? "<redacted>"
            : segment;

    /// <summary>Never prints the account key.</summary>
    public override string ToString() => $"Blob={BlobEndpoint}, Queue={QueueEndpoint}, Table={TableEndpoint}";
}
