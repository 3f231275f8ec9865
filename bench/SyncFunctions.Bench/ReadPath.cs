using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SyncFunctions.Core.Demo;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Security;
using SyncFunctions.Storage.Tables;
using SyncFunctions.Testing.App;

namespace SyncFunctions.Bench;

/// <summary>Records read back per second: GET records, a device session drain, and the raw range read they are held to.</summary>
internal sealed record ReadPathResult(long Rows, double RawPerSecond, long Listed, double ListPerSecond, long Drained, double DrainPerSecond, int DevicePageSize);

/// <summary>
/// Reads everything stored for one account's resource (the store an ingest produced) three ways: a plain range read of
/// its records partition (the ceiling, pages of 1,000), <c>GET records</c> through <see cref="RecordListService"/>
/// (pages of <see cref="Core.Paging.PageLimits.Max"/>) and a fresh device's session, started and read page by page until
/// it is drained, through <see cref="DeviceSyncService"/> with the app's page size, as an unrestricted key's device.
/// </summary>
internal static class ReadPath
{
    public static async Task<ReadPathResult> RunAsync(TestApp app, string connection, RecordScope scope)
    {
        var (rows, raw) = await RawRangeReadAsync(connection, app.TablePrefix + "records", TableLayout.Records.Partition(scope));
        var (listed, list) = await ListAsync(app, scope);
        var (drained, drain) = await DrainAsync(app, scope.EnvironmentId);
        return new ReadPathResult(rows, raw, listed, list, drained, drain, app.Get<DeviceSyncOptions>().PageSize);
    }

    /// <summary>All rows of one partition with a plain <see cref="TableClient"/> range query, 1,000 a page.</summary>
    public static async Task<(long Rows, double PerSecond)> RawRangeReadAsync(string connection, string table, string partition)
    {
        var client = new TableServiceClient(connection).GetTableClient(table);
        var watch = Stopwatch.StartNew();
        var rows = 0L;
        await foreach (var page in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1000).AsPages())
        {
            rows += page.Values.Count;
        }

        return (rows, rows / watch.Elapsed.TotalSeconds);
    }

    private static async Task<(long Items, double PerSecond)> ListAsync(TestApp app, RecordScope scope)
    {
        var service = app.Get<RecordListService>();
        var query = new RecordListQuery(scope.Resource, scope.AccountId, null);
        var watch = Stopwatch.StartNew();
        var items = 0L;
        string? cursor = null;
        do
        {
            var page = await service.ListAsync(scope.EnvironmentId, query, cursor, Core.Paging.PageLimits.Max, default);
            items += page.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return (items, items / watch.Elapsed.TotalSeconds);
    }

    private static async Task<(long Items, double PerSecond)> DrainAsync(TestApp app, string environmentId)
    {
        var service = app.Get<DeviceSyncService>();
        var caller = new Caller(DemoSeeder.KeyId, environmentId, new HashSet<string>(Scopes.All, StringComparer.Ordinal));
        var device = Guid.NewGuid().ToString();
        var watch = Stopwatch.StartNew();
        var started = await service.StartAsync(caller, device, default) ?? throw new InvalidOperationException("The device had nothing to download.");
        var items = 0L;
        while (await service.NextPageAsync(caller, device, started.Id, default) is { } page)
        {
            items += page.Items.Count;
        }

        if (items != started.TotalCount)
        {
            throw new InvalidOperationException($"The session announced {started.TotalCount} items and served {items}.");
        }

        return (items, items / watch.Elapsed.TotalSeconds);
    }
}
