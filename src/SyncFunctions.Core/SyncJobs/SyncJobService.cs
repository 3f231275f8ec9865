using SyncFunctions.Core.Ids;
using System.Text.Json.Nodes;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.SyncJobs;

public sealed record StoredSyncJob(string Id, SyncJobDefinition Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The seed's sync job object.</summary>
public sealed record SyncJobView(
    string Id,
    string IntegrationName,
    JsonObject? ArgsSchema,
    IReadOnlyList<SyncJobResource> Resources,
    string EnvironmentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>PATCH: members present replace the job's.</summary>
public sealed record UpdateSyncJobRequest(string? IntegrationName, JsonObject? ArgsSchema, IReadOnlyList<SyncJobResource>? Resources);

public sealed class SyncJobService(ISyncJobStore store, IIntegrationStore integrations, UnifiedCatalogLoader unifiedModels, CronTriggerCleanup cronTriggers, CursorCodec cursors, TimeProvider clock)
{
    public async Task<SyncJobView> CreateAsync(string environmentId, SyncJobDefinition definition, CancellationToken ct)
    {
        var unified = await ValidateAsync(environmentId, definition, ct);
        var now = clock.GetUtcNow();
        var job = new StoredSyncJob(TimeOrderedId.New(clock), Normalize(definition, unified), now, now);
        await store.UpsertAsync(environmentId, job, ct);
        return View(environmentId, job);
    }

    public async Task<SyncJobView> GetAsync(string environmentId, string id, CancellationToken ct) =>
        View(environmentId, await FindAsync(environmentId, id, "id", ct));

    public async Task<StoredSyncJob> FindAsync(string environmentId, string id, string field, CancellationToken ct) =>
        await store.GetAsync(environmentId, id, ct) ?? throw ApiException.NotFound("The sync job", field);

    public async Task<SyncJobView> UpdateAsync(string environmentId, string id, UpdateSyncJobRequest request, CancellationToken ct)
    {
        var current = await FindAsync(environmentId, id, "id", ct);
        var definition = current.Definition with
        {
            IntegrationName = request.IntegrationName ?? current.Definition.IntegrationName,
            ArgsSchema = request.ArgsSchema ?? current.Definition.ArgsSchema,
            Resources = request.Resources ?? current.Definition.Resources,
        };
        var unified = await ValidateAsync(environmentId, definition, ct);
        var updated = current with { Definition = Normalize(definition, unified), UpdatedAt = clock.GetUtcNow() };
        await store.UpsertAsync(environmentId, updated, ct);
        return View(environmentId, updated);
    }

    public async Task DeleteAsync(string environmentId, string id, CancellationToken ct)
    {
        if (!await store.DeleteAsync(environmentId, id, ct))
        {
            throw ApiException.NotFound("The sync job", "id");
        }

        await cronTriggers.ForSyncJobAsync(environmentId, id, ct);
    }

    public async Task<CursorPage<SyncJobView>> ListAsync(string environmentId, string? integrationName, string? cursor, int limit, CancellationToken ct)
    {
        var scope = $"sync-jobs:{environmentId}:{integrationName}";
        var page = await store.ListAsync(environmentId, integrationName, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<SyncJobView>(
            page.Items.Select(j => View(environmentId, j)).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    private async Task<UnifiedCatalog> ValidateAsync(string environmentId, SyncJobDefinition definition, CancellationToken ct)
    {
        var integration = string.IsNullOrWhiteSpace(definition.IntegrationName)
            ? null
            : (await integrations.GetAsync(environmentId, definition.IntegrationName, ct))?.Definition;
        var unified = await unifiedModels.LoadAsync(environmentId, (definition.Resources ?? []).Select(r => r?.Resource), integration?.UnifiedOverrides, null, ct);
        var errors = SyncJobValidator.Validate(definition, integration, unified).Concat(await ArgsSchema.CheckAsync(definition.ArgsSchema)).ToList();
        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        return unified;
    }

    // Defaults made explicit, so what GET returns is what a run will do: unified resources persist, proxy ones only on request.
    private static SyncJobDefinition Normalize(SyncJobDefinition d, UnifiedCatalog unified) => d with
    {
        Resources = d.Resources!.Select(r => r with { Persist = unified.IsUnified(r.Resource) || (r.Persist ?? false) }).ToList(),
    };

    private static SyncJobView View(string environmentId, StoredSyncJob j) => new(
        j.Id, j.Definition.IntegrationName!, j.Definition.ArgsSchema, j.Definition.Resources ?? [], environmentId, j.CreatedAt, j.UpdatedAt);
}
