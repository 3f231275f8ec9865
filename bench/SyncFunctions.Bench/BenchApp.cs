using Azure.Data.Tables;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Bench;

/// <summary>The app as the benchmark runs it (the demo upstream on 127.0.0.1 allowed), and a way to give its tables back.</summary>
internal static class BenchApp
{
    public static Dictionary<string, string?> Settings => new() { ["SyncFunctions:AllowedUpstreamHosts"] = "127.0.0.1" };

    public static Task<TestApp> StartAsync(string connection) => TestApp.StartAsync(connection, settings: Settings);

    /// <summary>Deletes the app's tables: the in-memory Azurite holds every row of the run until then.</summary>
    public static async Task DeleteTablesAsync(string connection, string prefix)
    {
        var service = new TableServiceClient(connection);
        await foreach (var table in service.QueryAsync($"TableName ge '{prefix}' and TableName lt '{prefix}{{'"))
        {
            await service.DeleteTableAsync(table.Name);
        }
    }
}
