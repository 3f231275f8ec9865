using SyncFunctions.Core.Health;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Storage.Health;

/// <summary>Probes our own table (not account-level APIs, which identity-based data roles may not allow).</summary>
public sealed class TableHealthCheck(TableStore tables) : IHealthCheck
{
    public string Name => "tables";

    public async Task ProbeAsync(CancellationToken ct)
    {
        var table = await tables.GetAsync(TableLayout.Environments.Name, ct).ConfigureAwait(false);
        await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: ct).ConfigureAwait(false);
    }
}

public sealed class QueueHealthCheck(StorageClients clients, TableStore tables) : IHealthCheck
{
    public string Name => "queues";

    public Task ProbeAsync(CancellationToken ct) =>
        clients.Queues.GetQueueClient(QueueNames.For(tables.Prefix, "probe")).ExistsAsync(ct);
}
