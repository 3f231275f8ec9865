using System.Globalization;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;

namespace SyncFunctions.Core.Records;

/// <param name="ModifiedAfter">Only records the hub wrote after this instant.</param>
public sealed record RecordListQuery(string? Resource, string? IntegratedAccountId, string? ModifiedAfter);

/// <summary>
/// <c>GET records</c> for back-end consumers (Nango-style): one account's records of one resource
/// in revision order, read from that account's resource feed (a read of its own partition, never
/// of another account's or resource's rows), each record once at its newest revision; deleted records come as
/// tombstones (<c>{"id":…}</c>) so consumers can delete them too. Every record carries
/// <c>_sync: {revision, deleted, last_modified_at}</c> (last_modified_at: when the hub wrote it; the revision
/// counts within the account's resource feed).
/// </summary>
public sealed class RecordListService(IRecordStore records, IAccountStore accounts, CursorCodec cursors)
{
    public const string SyncField = "_sync";

    public async Task<CursorPage<JsonObject>> ListAsync(string environmentId, RecordListQuery query, string? cursor, int limit, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(query.Resource))
        {
            errors.Add(new FieldError("resource", ErrorCodes.ValidationFailed, "resource is required (e.g. crm/contacts)."));
        }

        if (string.IsNullOrWhiteSpace(query.IntegratedAccountId))
        {
            errors.Add(new FieldError("integrated_account_id", ErrorCodes.ValidationFailed, "integrated_account_id is required."));
        }

        DateTimeOffset? modifiedAfter = null;
        if (query.ModifiedAfter is { } raw)
        {
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                errors.Add(new FieldError("modified_after", ErrorCodes.ValidationFailed, "modified_after must be an ISO 8601 timestamp, e.g. 2024-01-31T12:00:00Z."));
            }
            else
            {
                modifiedAfter = parsed.ToUniversalTime();
            }
        }

        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        var accountId = query.IntegratedAccountId!;
        var resource = query.Resource!;
        if (await accounts.GetAsync(environmentId, accountId, ct).ConfigureAwait(false) is null)
        {
            throw ApiException.NotFound("The integrated account", "integrated_account_id");
        }

        var scope = string.Join('\n', "records", environmentId, accountId, resource, modifiedAfter?.ToString("O", CultureInfo.InvariantCulture) ?? "");
        var continuation = cursors.Decode(scope, cursor);
        var page = await records.ReadChangePageAsync(environmentId, new ChangeFilter(accountId, resource, modifiedAfter), limit, continuation, ct).ConfigureAwait(false);

        // The page's feed rows are one account's resource: its records are read together, by range where they sit close.
        var stored = await records.GetManyAsync(new RecordScope(environmentId, accountId, resource), page.Items.Select(c => c.Id).ToList(), ct).ConfigureAwait(false);

        var items = new List<JsonObject>(page.Items.Count);
        foreach (var change in page.Items)
        {
            // An entry the record has moved past: the record comes later, at its newer revision.
            if (stored.GetValueOrDefault(change.Id) is { } record && record.Revision == change.Revision)
            {
                items.Add(ToJson(record));
            }
        }

        return new CursorPage<JsonObject>(items, page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    private static JsonObject ToJson(StoredRecord record)
    {
        var json = record.Deleted || record.Data is null ? new JsonObject { ["id"] = RecordIds.ToJson(record.Id) } : record.Data;
        json[SyncField] = new JsonObject
        {
            ["revision"] = record.Revision,
            ["deleted"] = record.Deleted,
            ["last_modified_at"] = record.SyncedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        return json;
    }
}
