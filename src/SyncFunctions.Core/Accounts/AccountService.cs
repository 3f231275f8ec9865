using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Ids;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Accounts;

public sealed class AccountService(IAccountStore store, IIntegrationStore integrations, CredentialProtector protector, CronTriggerCleanup cronTriggers, CursorCodec cursors, TimeProvider clock)
{
    private const int MaxEntries = 50;
    private const int MaxValueLength = 4096;

    public async Task<AccountView> CreateAsync(string environmentId, CreateAccountRequest request, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.IntegrationName))
        {
            errors.Add(new FieldError("integration_name", "required", "integration_name is required."));
        }

        CheckText(request.Name, "name", errors);
        CheckText(request.ExternalId, "external_id", errors);
        CheckMap(request.Variables, "variables", errors);
        CheckMap(request.Credentials, "credentials", errors);
        errors.AddRange(MappingRules.CheckOverrides(request.UnifiedOverrides, "unified_overrides"));
        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        if (await integrations.GetAsync(environmentId, request.IntegrationName!, ct) is null)
        {
            throw ApiException.NotFound($"The integration '{request.IntegrationName}'", "integration_name");
        }

        var id = TimeOrderedId.New(clock);
        var credentials = request.Credentials ?? new Dictionary<string, string>();
        var now = clock.GetUtcNow();
        var account = new IntegratedAccount(
            id,
            request.IntegrationName!,
            request.Name,
            request.ExternalId,
            request.Variables ?? new Dictionary<string, string>(),
            credentials.Count == 0 ? null : protector.Protect(credentials, environmentId, id),
            credentials.Keys.Order(StringComparer.Ordinal).ToList(),
            now,
            now)
        {
            UnifiedOverrides = WithoutRemovals(request.UnifiedOverrides),
        };
        await store.CreateAsync(environmentId, account, ct);
        return View(environmentId, account);
    }

    public async Task<AccountView> GetAsync(Tenant tenant, string id, CancellationToken ct) =>
        View(tenant.EnvironmentId, (tenant.MaySee(id) ? await store.GetAsync(tenant.EnvironmentId, id, ct) : null) ?? throw NotFound());

    /// <summary>The account with its credentials opened, for the engine only; never for a response.</summary>
    public async Task<(IntegratedAccount Account, IReadOnlyDictionary<string, string> Credentials)> OpenAsync(string environmentId, string id, CancellationToken ct)
    {
        var account = await store.GetAsync(environmentId, id, ct) ?? throw NotFound("integrated_account_id");
        var credentials = account.ProtectedCredentials is null
            ? new Dictionary<string, string>()
            : protector.Unprotect(account.ProtectedCredentials, environmentId, account.Id);
        return (account, credentials);
    }

    public async Task<AccountView> UpdateAsync(Tenant tenant, string id, UpdateAccountRequest request, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        if (!tenant.MaySee(id))
        {
            throw NotFound();
        }

        var errors = new List<FieldError>();
        CheckText(request.Name, "name", errors);
        CheckText(request.ExternalId, "external_id", errors);
        CheckMap(request.Variables, "variables", errors);
        CheckMap(request.Credentials, "credentials", errors);
        errors.AddRange(MappingRules.CheckOverrides(request.UnifiedOverrides, "unified_overrides"));
        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        // Read-modify-write under the entity's ETag: two concurrent PATCHes can't lose each other's keys.
        return await OptimisticRetry.RunAsync(async ct =>
        {
            var (current, etag) = await store.GetForUpdateAsync(environmentId, id, ct) ?? throw NotFound();
            var credentials = current.ProtectedCredentials is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string>(protector.Unprotect(current.ProtectedCredentials, environmentId, id));
            Merge(credentials, request.Credentials);
            var variables = new Dictionary<string, string>(current.Variables);
            Merge(variables, request.Variables);

            var updated = current with
            {
                Name = request.Name ?? current.Name,
                ExternalId = request.ExternalId ?? current.ExternalId,
                Variables = variables,
                ProtectedCredentials = credentials.Count == 0 ? null : protector.Protect(credentials, environmentId, id),
                CredentialNames = credentials.Keys.Order(StringComparer.Ordinal).ToList(),
                UnifiedOverrides = MergeOverrides(current.UnifiedOverrides, request.UnifiedOverrides),
                UpdatedAt = clock.GetUtcNow(),
            };
            await store.ReplaceAsync(environmentId, updated, etag, ct);
            return View(environmentId, updated);
        }, ct);
    }

    public async Task DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        if (!tenant.MaySee(id) || !await store.DeleteAsync(environmentId, id, ct))
        {
            throw NotFound();
        }

        await cronTriggers.ForAccountAsync(environmentId, id, ct);
    }

    /// <summary>A restricted key's pages leave out the accounts it may not see, so a page may be short and still go on.</summary>
    public async Task<CursorPage<AccountView>> ListAsync(Tenant tenant, string? integrationName, string? cursor, int limit, CancellationToken ct)
    {
        var environmentId = tenant.EnvironmentId;
        var scope = $"accounts:{environmentId}:{integrationName}";
        var page = await store.ListAsync(environmentId, integrationName, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<AccountView>(
            page.Items.Where(a => tenant.MaySee(a.Id)).Select(a => View(environmentId, a)).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    // Like variables: each unified resource's override is replaced on its own, and null removes it.
    private static IReadOnlyDictionary<string, ResourceMapping?>? MergeOverrides(
        IReadOnlyDictionary<string, ResourceMapping?>? current, IReadOnlyDictionary<string, ResourceMapping?>? changes)
    {
        if (changes is null)
        {
            return current;
        }

        var merged = new Dictionary<string, ResourceMapping?>(current ?? new Dictionary<string, ResourceMapping?>(), StringComparer.Ordinal);
        foreach (var (resource, mapping) in changes)
        {
            if (mapping is null)
            {
                merged.Remove(resource);
            }
            else
            {
                merged[resource] = mapping;
            }
        }

        return merged.Count == 0 ? null : merged;
    }

    private static IReadOnlyDictionary<string, ResourceMapping?>? WithoutRemovals(IReadOnlyDictionary<string, ResourceMapping?>? overrides) =>
        MergeOverrides(null, overrides);

    private static void Merge(Dictionary<string, string> target, IReadOnlyDictionary<string, string?>? changes)
    {
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else
            {
                target[key] = value;
            }
        }
    }

    private static void CheckText(string? value, string field, List<FieldError> errors)
    {
        if (value is not null && (value.Length > 200 || value.Any(char.IsControl)))
        {
            errors.Add(new FieldError(field, "invalid", $"{field} must be at most 200 printable characters."));
        }
    }

    private static void CheckMap<TValue>(IReadOnlyDictionary<string, TValue>? map, string field, List<FieldError> errors)
    {
        if (map is null)
        {
            return;
        }

        if (map.Count > MaxEntries)
        {
            errors.Add(new FieldError(field, "invalid", $"{field} may hold at most {MaxEntries} entries."));
        }

        foreach (var (key, value) in map)
        {
            if (key.Length is 0 or > 100 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                errors.Add(new FieldError($"{field}.{key}", "invalid", "Names are 1-100 letters, digits, '_', '-' or '.'."));
            }
            else if (value is string s && s.Length > MaxValueLength)
            {
                errors.Add(new FieldError($"{field}.{key}", "invalid", $"Values are at most {MaxValueLength} characters."));
            }
        }
    }

    private static ApiException NotFound(string field = "id") => ApiException.NotFound("The integrated account", field);

    private static AccountView View(string environmentId, IntegratedAccount a) =>
        new(a.Id, a.IntegrationName, a.Name, a.ExternalId, a.Variables, a.CredentialNames, environmentId, a.CreatedAt, a.UpdatedAt)
        {
            UnifiedOverrides = a.UnifiedOverrides,
        };
}
