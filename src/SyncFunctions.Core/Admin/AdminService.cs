using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.Ids;
using SyncFunctions.Core.ApiKeys;
using SyncFunctions.Core.Environments;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Security;

namespace SyncFunctions.Core.Admin;

/// <summary>
/// Environments and API keys. The root key administers everything; a stored key with the
/// <c>admin</c> scope administers the keys of its own environment, and anything outside it is 404.
/// </summary>
public sealed class AdminService(IEnvironmentStore environments, IApiKeyStore keys, IAccountStore accounts, CursorCodec cursors, TimeProvider clock)
{
    private const int MaxNameLength = 100;

    /// <summary>Accounts one key may be restricted to; a product with more customers per device has a design problem, not a limit problem.</summary>
    public const int MaxRestrictedAccounts = 100;

    public async Task<EnvironmentView> CreateEnvironmentAsync(Caller caller, CreateEnvironmentRequest request, CancellationToken ct)
    {
        RequireRoot(caller);
        var name = ValidName(request.Name, "name");
        var environment = new SyncEnvironment(TimeOrderedId.New(clock), name, clock.GetUtcNow());
        await environments.CreateAsync(environment, ct);
        return View(environment);
    }

    public async Task<EnvironmentView> GetEnvironmentAsync(Caller caller, string id, CancellationToken ct)
    {
        AuthorizeAdmin(caller);
        if (!caller.IsRoot && caller.EnvironmentId != id)
        {
            throw ApiException.NotFound("The environment", "id");
        }

        var environment = await environments.GetAsync(id, ct) ?? throw ApiException.NotFound("The environment", "id");
        return View(environment);
    }

    public async Task<CursorPage<EnvironmentView>> ListEnvironmentsAsync(Caller caller, string? cursor, int limit, CancellationToken ct)
    {
        AuthorizeAdmin(caller);
        if (!caller.IsRoot)
        {
            // A tenant admin sees exactly its own environment.
            var own = await environments.GetAsync(caller.EnvironmentId!, ct);
            cursors.Decode("environments:" + caller.EnvironmentId, cursor);
            return new CursorPage<EnvironmentView>(own is null ? [] : [View(own)], null);
        }

        const string scope = "environments";
        var page = await environments.ListAsync(limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<EnvironmentView>(
            page.Items.Select(View).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    public async Task<CreatedApiKeyView> CreateApiKeyAsync(Caller caller, CreateApiKeyRequest request, CancellationToken ct)
    {
        AuthorizeAdmin(caller);
        var errors = new List<FieldError>();
        var name = TryValidName(request.Name, "name", errors);
        var scopes = ValidScopes(request.Scopes, errors);
        var environmentId = request.EnvironmentId ?? caller.EnvironmentId;
        if (environmentId is null)
        {
            errors.Add(new FieldError("environment_id", ErrorCodes.ValidationFailed, "environment_id is required with the root admin key."));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Validation(errors);
        }

        await RequireVisibleEnvironmentAsync(caller, environmentId!, ct);
        var accountIds = await RestrictionAsync(caller, environmentId!, request.IntegratedAccountIds, ct);

        var token = ApiKeyTokens.Generate();
        var key = new ApiKey(
            TimeOrderedId.New(clock),
            environmentId!,
            name!,
            scopes,
            ApiKeyTokens.Hash(token),
            ApiKeyTokens.DisplayPrefix(token),
            clock.GetUtcNow())
        {
            IntegratedAccountIds = accountIds,
        };
        await keys.CreateAsync(key, ct);
        return new CreatedApiKeyView(key.Id, key.EnvironmentId, key.Name, key.Scopes, key.IntegratedAccountIds, key.TokenPrefix, key.CreatedAt, token);
    }

    public async Task<CursorPage<ApiKeyView>> ListApiKeysAsync(Caller caller, string? environmentId, string? cursor, int limit, CancellationToken ct)
    {
        AuthorizeAdmin(caller);
        var filter = environmentId ?? caller.EnvironmentId;
        if (filter is not null)
        {
            await RequireVisibleEnvironmentAsync(caller, filter, ct);
        }

        var scope = "api-keys:" + (filter ?? "*");
        var page = await keys.ListAsync(filter, limit, cursors.Decode(scope, cursor), ct);
        return new CursorPage<ApiKeyView>(
            page.Items.Where(k => Covers(caller, k)).Select(View).ToList(),
            page.Continuation is null ? null : cursors.Encode(scope, page.Continuation));
    }

    public async Task<ApiKeyView> GetApiKeyAsync(Caller caller, string id, CancellationToken ct) =>
        View(await FindVisibleKeyAsync(caller, id, ct));

    public async Task DeleteApiKeyAsync(Caller caller, string id, CancellationToken ct)
    {
        var key = await FindVisibleKeyAsync(caller, id, ct);
        await keys.DeleteAsync(key, ct);
    }

    private async Task<ApiKey> FindVisibleKeyAsync(Caller caller, string id, CancellationToken ct)
    {
        AuthorizeAdmin(caller);
        var key = await keys.GetAsync(id, ct);
        if (key is null || (!caller.IsRoot && key.EnvironmentId != caller.EnvironmentId) || !Covers(caller, key))
        {
            throw ApiException.NotFound("The API key", "id");
        }

        return key;
    }

    /// <summary>
    /// The new key's account restriction: the accounts named, each of which must exist in the environment; a restricted
    /// admin key hands out only keys restricted to accounts it sees itself (omitting the list inherits its restriction).
    /// </summary>
    private async Task<IReadOnlyList<string>?> RestrictionAsync(Caller caller, string environmentId, IReadOnlyList<string>? requested, CancellationToken ct)
    {
        const string field = "integrated_account_ids";
        if (requested is null)
        {
            return caller.AccountIds?.Order(StringComparer.Ordinal).ToList();
        }

        if (requested.Count == 0 || requested.Count > MaxRestrictedAccounts)
        {
            throw ApiException.Validation(field, $"{field} lists 1 to {MaxRestrictedAccounts} integrated account ids; omit it for a key that sees every account.");
        }

        var errors = new List<FieldError>();
        var ids = new List<string>();
        for (var i = 0; i < requested.Count; i++)
        {
            var id = requested[i];
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new FieldError($"{field}[{i}]", ErrorCodes.ValidationFailed, "An integrated account id is required."));
            }
            else if (!caller.MaySee(id) || await accounts.GetAsync(environmentId, id, ct) is null)
            {
                errors.Add(new FieldError($"{field}[{i}]", ErrorCodes.NotFound, $"The environment has no integrated account '{id}'."));
            }
            else if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }

        return errors.Count > 0 ? throw ApiException.Validation(errors) : ids;
    }

    /// <summary>A restricted admin key sees only keys restricted to accounts it sees itself: never a wider key than its own.</summary>
    private static bool Covers(Caller caller, ApiKey key) =>
        caller.AccountIds is not { } mine || (key.IntegratedAccountIds is { } theirs && theirs.All(mine.Contains));

    private async Task RequireVisibleEnvironmentAsync(Caller caller, string environmentId, CancellationToken ct)
    {
        if (!caller.IsRoot && caller.EnvironmentId != environmentId)
        {
            throw ApiException.NotFound("The environment", "environment_id");
        }

        if (await environments.GetAsync(environmentId, ct) is null)
        {
            throw ApiException.NotFound("The environment", "environment_id");
        }
    }

    private static void AuthorizeAdmin(Caller caller) => ApiKeyAuthenticator.RequireScope(caller, Scopes.Admin);

    private static void RequireRoot(Caller caller)
    {
        AuthorizeAdmin(caller);
        if (!caller.IsRoot)
        {
            throw ApiException.Forbidden(ErrorCodes.RootAdminRequired, "Only the root admin key creates environments.");
        }
    }

    private static string ValidName(string? name, string field)
    {
        var errors = new List<FieldError>();
        var valid = TryValidName(name, field, errors);
        return errors.Count > 0 ? throw ApiException.Validation(errors) : valid!;
    }

    private static string? TryValidName(string? name, string field, List<FieldError> errors)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(new FieldError(field, ErrorCodes.ValidationFailed, $"{field} is required."));
            return null;
        }

        if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            errors.Add(new FieldError(field, ErrorCodes.ValidationFailed, $"{field} must be at most {MaxNameLength} printable characters."));
            return null;
        }

        return trimmed;
    }

    private static List<string> ValidScopes(IReadOnlyList<string>? scopes, List<FieldError> errors)
    {
        if (scopes is null || scopes.Count == 0)
        {
            errors.Add(new FieldError("scopes", ErrorCodes.ValidationFailed, $"scopes must list at least one of: {string.Join(", ", Scopes.All)}."));
            return [];
        }

        for (var i = 0; i < scopes.Count; i++)
        {
            if (scopes[i] is null || !Scopes.IsKnown(scopes[i]))
            {
                errors.Add(new FieldError($"scopes[{i}]", ErrorCodes.ValidationFailed, $"Unknown scope '{scopes[i]}'; known scopes: {string.Join(", ", Scopes.All)}."));
            }
        }

        return scopes.Where(s => s is not null).Distinct(StringComparer.Ordinal).ToList();
    }

    private static EnvironmentView View(SyncEnvironment e) => new(e.Id, e.Name, e.CreatedAt);

    private static ApiKeyView View(ApiKey k) => new(k.Id, k.EnvironmentId, k.Name, k.Scopes, k.IntegratedAccountIds, k.TokenPrefix, k.CreatedAt);
}
