using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Connections;

/// <summary>An integrated account as ActiveCampaign's connection (DESIGN.md, "One status model, four views").</summary>
public sealed record Connection(
    string Id,
    string Service,
    string? ExternalId,
    string? Name,
    int Status,
    int SyncStatus,
    DateTimeOffset? LastSync,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Connection From(IntegratedAccount account, ConnectionState? state) => new(
        account.Id,
        account.IntegrationName,
        account.ExternalId,
        account.Name,
        state?.Status ?? 1,
        state?.SyncStatus ?? 0,
        state?.LastSync,
        account.CreatedAt,
        state is null || account.UpdatedAt > state.UpdatedAt ? account.UpdatedAt : state.UpdatedAt);
}

public sealed record ConnectionPage(IReadOnlyList<Connection> Items, int Total, string? NextCursor);

public sealed class ConnectionService(IAccountStore accounts, IConnectionStateStore states, CursorCodec cursors)
{
    public async Task<Connection> GetAsync(string environmentId, string id, CancellationToken ct)
    {
        var account = await accounts.GetAsync(environmentId, id, ct) ?? throw ApiException.NotFound("The connection", "id");
        return Connection.From(account, (await states.GetAsync(environmentId, id, ct))?.State);
    }

    /// <param name="service">The integration name (AC's service), or null for any.</param>
    /// <param name="externalId">The account's external id, or null for any.</param>
    public async Task<ConnectionPage> ListAsync(string environmentId, string? service, string? externalId, string? cursor, int limit, CancellationToken ct)
    {
        var scope = $"connections:{environmentId}:{service}:{externalId}";
        var page = await accounts.ListMatchingAsync(environmentId, service, externalId, limit, cursors.Decode(scope, cursor), ct);
        var found = await states.GetManyAsync(environmentId, page.Items.Select(a => a.Id).ToList(), ct);
        var total = await accounts.CountMatchingAsync(environmentId, service, externalId, ct);
        return new ConnectionPage(
            page.Items.Select(a => Connection.From(a, found.GetValueOrDefault(a.Id))).ToList(),
            total,
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }
}
