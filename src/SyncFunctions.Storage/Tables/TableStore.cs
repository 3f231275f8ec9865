using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace SyncFunctions.Storage.Tables;

/// <summary>
/// Hands out table clients under one name prefix (so tests and side-by-side deployments don't
/// collide) and creates each table once per process rather than on every request.
/// </summary>
public sealed class TableStore(StorageClients clients, string prefix)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public string Prefix { get; } = ValidatePrefix(prefix);

    public Task<TableClient> GetAsync(string name, CancellationToken ct) =>
        _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(Prefix + n))).Value.WaitAsync(ct);

    private async Task<TableClient> CreateAsync(string fullName)
    {
        var client = clients.Tables.GetTableClient(fullName);
        try
        {
            await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        catch
        {
            // Don't cache a failure: the next caller retries creating the table.
            _tables.TryRemove(fullName[Prefix.Length..], out _);
            throw;
        }

        return client;
    }

    private static string ValidatePrefix(string prefix)
    {
        if (prefix.Length is 0 or > 20 || !char.IsAsciiLetter(prefix[0]) || !prefix.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("The table prefix must be 1-20 letters or digits, starting with a letter.", nameof(prefix));
        }

        return prefix;
    }
}
