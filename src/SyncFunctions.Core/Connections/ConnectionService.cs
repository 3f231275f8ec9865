using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;

using SyncFunctions.Core.Security;

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
    public async Task<Connection> GetAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var account = (tenant.MaySee(id) ? await accounts.GetAsync(environmentId, id, ct) : null) ?? throw ApiException.NotFound("The connection", "id");
        return Connection.From(account, (await states.GetAsync(environmentId, id, ct))?.State);
    }

    /// <param name="service">The integration name (AC's service), or null for any.</param>
    /// <param name="externalId">The account's external id, or null for any.</param>
    public async Task<ConnectionPage> ListAsync(Tenant tenant, string? service, string? externalId, string? cursor, int limit, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var scope = $"connections:{environmentId}:{service}:{externalId}";
        if (tenant.AccountIds is { } visible)
        {
            return await ListVisibleAsync(environmentId, visible, service, externalId, cursors.Decode(scope + ":restricted", cursor), limit, scope + ":restricted", ct);
        }

        var page = await accounts.ListMatchingAsync(environmentId, service, externalId, limit, cursors.Decode(scope, cursor), ct);
        var found = await states.GetManyAsync(environmentId, page.Items.Select(a => a.Id).ToList(), ct);
        var total = await accounts.CountMatchingAsync(environmentId, service, externalId, ct);
        return new ConnectionPage(
            page.Items.Select(a => Connection.From(a, found.GetValueOrDefault(a.Id))).ToList(),
            total,
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    /// <summary>
    /// A restricted key's connections: its accounts (at most <c>AdminService.MaxRestrictedAccounts</c>) read by id, so
    /// <c>meta.total</c> counts what the key sees; paged by account id.
    /// </summary>
    private async Task<ConnectionPage> ListVisibleAsync(
        string environmentId, IReadOnlySet<string> visible, string? service, string? externalId, string? after, int limit, string scope, CancellationToken ct)
    {
        var matching = new List<Accounts.IntegratedAccount>();
        foreach (var id in visible.Order(StringComparer.Ordinal))
        {
            if (await accounts.GetAsync(environmentId, id, ct) is { } account
                && (service is null || account.IntegrationName == service)
                && (externalId is null || account.ExternalId == externalId))
            {
                matching.Add(account);
            }
        }

        var page = matching.Where(a => after is null || string.CompareOrdinal(a.Id, after) > 0).Take(limit + 1).ToList();
        var more = page.Count > limit;
        page = page.Take(limit).ToList();
        var found = await states.GetManyAsync(environmentId, page.Select(a => a.Id).ToList(), ct);
        return new ConnectionPage(
            page.Select(a => Connection.From(a, found.GetValueOrDefault(a.Id))).ToList(),
            matching.Count,
            more ? cursors.Encode(scope, page[^1].Id) : null);
    }
}
