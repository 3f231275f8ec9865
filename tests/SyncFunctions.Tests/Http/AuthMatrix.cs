using SyncFunctions.Core.Security;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Http;

/// <summary>An expected answer: a status and, for problem+json answers, the problem's code.</summary>
internal sealed record Answer(int Status, string? Code = null)
{
    public static readonly Answer Ok = new(200);
    public static readonly Answer Created = new(201);
    public static readonly Answer Accepted = new(202);
    public static readonly Answer NoContent = new(204);
    public static readonly Answer Unauthorized = new(401, "unauthorized");
    public static readonly Answer InsufficientScope = new(403, "insufficient_scope");
    public static readonly Answer RootAdminRequired = new(403, "root_admin_required");
    public static readonly Answer NotFound = new(404, "not_found");
    public static readonly Answer UnrestrictedKeyRequired = new(403, "unrestricted_key_required");

    public override string ToString() => Code is null ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Status} {Code}";
}

/// <summary>Who sends a cell's request.</summary>
internal enum AuthColumn
{
    NoKey,
    Malformed,
    UnknownKey,
    WrongScope,
    OtherEnvironment,

    /// <summary>The root admin key on an environment route; a key of the environment (admin scope included) on an admin route.</summary>
    CrossRealm,

    /// <summary>The key the route is for (the root key on admin routes): proves the refusals are about the key, not the request.</summary>
    Owner,

    /// <summary>A key of the environment with every scope, restricted to the account A's seeded objects belong to.</summary>
    RestrictedToAccount,

    /// <summary>A key of the environment with every scope, restricted to another account: A's seeded objects are not its customer's.</summary>
    RestrictedToOther,
}

/// <summary>
/// One route's request against <see cref="ApiWorld"/>'s environment A and the answers its senders get.
/// <paramref name="Target"/> gives the route's id or name per request (a fresh object where the request may delete it).
/// </summary>
internal sealed record AuthRow(
    Func<ApiWorld, Task<string?>> Target,
    Answer Owner,
    Answer OtherEnvironment,
    Answer? EnvironmentKey = null,
    Func<ApiWorld, string?>? Body = null,
    Func<ApiWorld, string>? Query = null,
    bool FreshDevice = false,
    Answer? RestrictedOwn = null,
    Answer? RestrictedOther = null);

/// <summary>
/// The expectations of the auth matrix, one row per function of <see cref="ApiRoutes.All"/>; a route without a row fails
/// the matrix. Columns every route shares (no key, malformed, unknown, wrong scope, the root key on environment routes)
/// follow from the rules in HttpApi and ApiKeyAuthenticator; the rest are written per route here.
/// </summary>
internal static class AuthMatrix
{
    private static Func<ApiWorld, Task<string?>> Id(Func<ApiWorld, string> id) => w => Task.FromResult<string?>(id(w));

    private static Func<ApiWorld, Task<string?>> Fresh(Func<ApiWorld, Task<string>> create) => async w => await create(w);

    private static readonly Func<ApiWorld, Task<string?>> None = _ => Task.FromResult<string?>(null);

    public static IReadOnlyDictionary<string, AuthRow> Rows { get; } = new Dictionary<string, AuthRow>(StringComparer.Ordinal)
    {
        [nameof(ApiRoutes.Health)] = new(None, Answer.Ok, Answer.Ok),
        [nameof(ApiRoutes.OpenApiDocument)] = new(None, Answer.Ok, Answer.Ok),
        [nameof(ApiRoutes.Dashboard)] = new(None, Answer.Ok, Answer.Ok),

        // Admin routes: the owner is the root key; a tenant admin sees its own environment and nothing else.
        [nameof(ApiRoutes.CreateEnvironment)] = new(None, Answer.Created, Answer.RootAdminRequired, Answer.RootAdminRequired, Body: _ => """{"name":"matrix"}"""),
        [nameof(ApiRoutes.ListEnvironments)] = new(None, Answer.Ok, Answer.Ok, Answer.Ok),
        [nameof(ApiRoutes.GetEnvironment)] = new(Id(w => w.EnvironmentA), Answer.Ok, Answer.NotFound, Answer.Ok),
        // A restricted admin key's new key inherits its restriction.
        [nameof(ApiRoutes.CreateApiKey)] = new(None, Answer.Created, Answer.NotFound, Answer.Created, RestrictedOther: Answer.Created,
            Body: w => $$"""{"environment_id":"{{w.EnvironmentA}}","name":"matrix","scopes":["runs"]}"""),
        [nameof(ApiRoutes.ListApiKeys)] = new(None, Answer.Ok, Answer.NotFound, Answer.Ok, Query: w => "environment_id=" + w.EnvironmentA, RestrictedOther: Answer.Ok),
        // A restricted admin key sees only keys restricted within its own accounts; KeyIdA sees every account.
        [nameof(ApiRoutes.GetApiKey)] = new(Id(w => w.KeyIdA), Answer.Ok, Answer.NotFound, Answer.Ok, RestrictedOwn: Answer.NotFound),
        [nameof(ApiRoutes.DeleteApiKey)] = new(Fresh(w => w.NewSpareKeyIdAsync()), Answer.NoContent, Answer.NotFound, Answer.NoContent, RestrictedOwn: Answer.NotFound),
        // Environment-less: any admin key may prove Durable and storage work.
        [nameof(ApiRoutes.SelfTest)] = new(None, Answer.Ok, Answer.Ok, Answer.Ok),

        // Integrations are named per environment: B's PUT of a name A uses creates B's own.
        [nameof(ApiRoutes.PutIntegration)] = new(Fresh(w => Task.FromResult("matrix-" + Guid.NewGuid().ToString("N")[..8])), Answer.Created, Answer.Created, Body: w => w.IntegrationBody()),
        [nameof(ApiRoutes.GetIntegration)] = new(Id(_ => ApiWorld.Integration), Answer.Ok, Answer.NotFound),
        [nameof(ApiRoutes.DeleteIntegration)] = new(Fresh(w => w.NewSpareIntegrationAsync()), Answer.NoContent, Answer.NotFound),
        [nameof(ApiRoutes.ListIntegrations)] = new(None, Answer.Ok, Answer.Ok),
        // Unified models are named per environment like integrations: B's PUT of A's name creates B's own.
        [nameof(ApiRoutes.PutUnifiedModel)] = new(Fresh(w => Task.FromResult("matrix" + Guid.NewGuid().ToString("N")[..8])), Answer.Created, Answer.Created, Body: _ => ApiWorld.UnifiedModelBody()),
        [nameof(ApiRoutes.GetUnifiedModel)] = new(Id(_ => ApiWorld.UnifiedModel), Answer.Ok, Answer.NotFound),
        [nameof(ApiRoutes.DeleteUnifiedModel)] = new(Fresh(w => w.NewSpareUnifiedModelAsync()), Answer.NoContent, Answer.NotFound),
        [nameof(ApiRoutes.ListUnifiedModels)] = new(None, Answer.Ok, Answer.Ok),
        [nameof(ApiRoutes.CreateIntegratedAccount)] = new(None, Answer.Created, Answer.NotFound, Body: _ => $$"""{"integration_name":"{{ApiWorld.Integration}}"}"""),
        [nameof(ApiRoutes.ListIntegratedAccounts)] = new(None, Answer.Ok, Answer.Ok, Query: _ => "integration_name=" + ApiWorld.Integration, RestrictedOther: Answer.Ok),
        [nameof(ApiRoutes.GetIntegratedAccount)] = new(Id(w => w.AccountId), Answer.Ok, Answer.NotFound),
        [nameof(ApiRoutes.UpdateIntegratedAccount)] = new(Id(w => w.AccountId), Answer.Ok, Answer.NotFound, Body: _ => """{"variables":{"region":"eu"}}"""),
        // A fresh spare account is not the one the restricted key sees.
        [nameof(ApiRoutes.DeleteIntegratedAccount)] = new(Fresh(w => w.NewSpareAccountAsync()), Answer.NoContent, Answer.NotFound, RestrictedOwn: Answer.NotFound),
        // A job names its integration in the body: another environment's name is as unknown as a misspelt one.
        [nameof(ApiRoutes.CreateSyncJob)] = new(None, Answer.Created, new(400, "validation_failed"), Body: w => w.JobBody()),
        [nameof(ApiRoutes.ListSyncJobs)] = new(None, Answer.Ok, Answer.Ok, Query: _ => "integration_name=" + ApiWorld.Integration),
        [nameof(ApiRoutes.GetSyncJob)] = new(Id(w => w.JobId), Answer.Ok, Answer.NotFound),
        [nameof(ApiRoutes.UpdateSyncJob)] = new(Id(w => w.JobId), Answer.Ok, Answer.NotFound, Body: w => w.JobBody()),
        [nameof(ApiRoutes.DeleteSyncJob)] = new(Fresh(w => w.NewSpareJobAsync()), Answer.NoContent, Answer.NotFound),

        // Runs: the seeded run has completed, so a stop or a retry of it is a conflict, not a refusal.
        [nameof(ApiRoutes.CreateSyncJobRun)] = new(None, Answer.Created, Answer.NotFound, Body: w => w.RunBody()),
        [nameof(ApiRoutes.ListSyncJobRuns)] = new(None, Answer.Ok, Answer.Ok, Query: w => "sync_job_id=" + w.JobId, RestrictedOther: Answer.Ok),
        [nameof(ApiRoutes.GetSyncJobRun)] = new(Id(w => w.RunId), Answer.Ok, Answer.NotFound),
        [nameof(ApiRoutes.UpdateSyncJobRun)] = new(Id(w => w.RunId), new(409, "run_finished"), Answer.NotFound, Body: _ => """{"status":"stopped"}"""),
        [nameof(ApiRoutes.CancelSyncJobRun)] = new(Id(w => w.RunId), new(409, "run_finished"), Answer.NotFound),
        [nameof(ApiRoutes.RetrySyncJobRun)] = new(Id(w => w.RunId), new(409, "nothing_to_retry"), Answer.NotFound),
        [nameof(ApiRoutes.ListSyncJobRunErrors)] = new(Id(w => w.RunId), Answer.Ok, Answer.NotFound),
        // The owner's cell has deleted the run by the time the restricted keys send theirs.
        [nameof(ApiRoutes.DeleteSyncJobRun)] = new(Id(w => w.RunId), Answer.NoContent, Answer.NotFound, RestrictedOwn: Answer.NotFound),

        // Braze's view answers an id it does not know with its own 400, not a problem.
        [nameof(ApiRoutes.ListJobSyncStatus)] = new(Id(w => w.JobId), Answer.Ok, new(400), RestrictedOther: Answer.Ok),
        [nameof(ApiRoutes.ListConnections)] = new(None, Answer.Ok, Answer.Ok, RestrictedOther: Answer.Ok),
        [nameof(ApiRoutes.GetConnection)] = new(Id(w => w.AccountId), Answer.Ok, Answer.NotFound),

        [nameof(ApiRoutes.CreateSyncJobCronTrigger)] = new(None, Answer.Created, Answer.NotFound, Body: w => w.CronTriggerBody()),
        [nameof(ApiRoutes.ListSyncJobCronTriggers)] = new(None, Answer.Ok, Answer.Ok, RestrictedOther: Answer.Ok),
        [nameof(ApiRoutes.GetSyncJobCronTrigger)] = new(Id(w => w.CronTriggerId), Answer.Ok, Answer.NotFound),
        [nameof(ApiRoutes.UpdateSyncJobCronTrigger)] = new(Id(w => w.CronTriggerId), Answer.Ok, Answer.NotFound, Body: _ => """{"cron_expression":"0 4 * * *"}"""),
        [nameof(ApiRoutes.DeleteSyncJobCronTrigger)] = new(Fresh(w => w.NewCronTriggerAsync()), Answer.NoContent, Answer.NotFound),

        [nameof(ApiRoutes.CreateWebhook)] = new(None, Answer.Created, Answer.Created, Body: _ => ApiWorld.WebhookBody()),
        [nameof(ApiRoutes.ListWebhooks)] = new(None, Answer.Ok, Answer.Ok),
        [nameof(ApiRoutes.GetWebhook)] = new(Id(w => w.WebhookId), Answer.Ok, Answer.NotFound),
        [nameof(ApiRoutes.DeleteWebhook)] = new(Fresh(w => w.NewWebhookAsync()), Answer.NoContent, Answer.NotFound),

        // Device sync: a new device of A gets A's records; one of B has nothing to get. A session is its key's own.
        [nameof(ApiRoutes.StartDeviceSync)] = new(None, Answer.Created, Answer.NoContent, FreshDevice: true, RestrictedOther: Answer.NoContent),
        [nameof(ApiRoutes.GetDeviceSyncQueue)] = new(Id(w => w.SessionId), Answer.Ok, Answer.NotFound, RestrictedOwn: Answer.NotFound),
        [nameof(ApiRoutes.AckDeviceSync)] = new(None, Answer.Accepted, Answer.Accepted, Body: _ => """{"data":{"ack_keys":["x"]}}""", RestrictedOther: Answer.Accepted),
        [nameof(ApiRoutes.ListRecords)] = new(None, Answer.Ok, Answer.NotFound, Query: w => $"resource={Uri.EscapeDataString(ApiWorld.Resource)}&integrated_account_id={w.AccountId}"),
    };

    /// <summary>The answer <paramref name="column"/> gets on <paramref name="route"/>; null where the column does not apply.</summary>
    public static Answer? Expected(ApiRoute route, AuthColumn column)
    {
        var row = Rows[route.FunctionName];
        if (route.Scope is null)
        {
            return Answer.Ok;
        }

        var admin = route.Scope == Scopes.Admin;
        return column switch
        {
            AuthColumn.NoKey or AuthColumn.Malformed or AuthColumn.UnknownKey => Answer.Unauthorized,
            AuthColumn.WrongScope => Answer.InsufficientScope,
            AuthColumn.OtherEnvironment => row.OtherEnvironment,
            // The root key holds only the admin scope, which no environment route asks for.
            AuthColumn.CrossRealm => admin ? row.EnvironmentKey : Answer.InsufficientScope,
            AuthColumn.Owner => row.Owner,
            AuthColumn.RestrictedToAccount or AuthColumn.RestrictedToOther when route.Access == RouteAccess.Unrestricted => Answer.UnrestrictedKeyRequired,
            AuthColumn.RestrictedToAccount => row.RestrictedOwn ?? (admin ? row.EnvironmentKey : row.Owner),
            // What belongs to another account does not exist for the key; what belongs to no account it sees like any key.
            AuthColumn.RestrictedToOther => row.RestrictedOther
                ?? (route.Access == RouteAccess.PerAccount ? Answer.NotFound : admin ? row.EnvironmentKey : row.Owner),
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
    }

    /// <summary>The Authorization headers a column sends (null: none); a cell passes only if every one gets its answer.</summary>
    public static IReadOnlyList<string?> Headers(ApiWorld w, ApiRoute route, AuthColumn column) => column switch
    {
        AuthColumn.NoKey => [null],
        AuthColumn.Malformed =>
        [
            "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token " + w.KeyA, "Bearer" + w.KeyA, "Bearer\t" + w.KeyA,
            "Bearer " + w.KeyA + " extra", "Bearer short-token", "Bearer " + w.AdminKey + "x",
        ],
        AuthColumn.UnknownKey =>
        [
            "Bearer sfk_" + new string('x', 60), "Bearer " + new string('A', 64), "Bearer " + w.RevokedKey,
            "Bearer " + w.KeyA[..^1] + (w.KeyA[^1] == 'a' ? 'b' : 'a'),
        ],
        AuthColumn.WrongScope => ["Bearer " + (route.Scope is null ? w.KeyA : w.AllScopesBut[route.Scope])],
        AuthColumn.OtherEnvironment => ["Bearer " + w.KeyB],
        AuthColumn.CrossRealm => ["Bearer " + (route.Scope == Scopes.Admin ? w.KeyA : w.AdminKey)],
        AuthColumn.Owner => ["Bearer " + (route.Scope == Scopes.Admin ? w.AdminKey : w.KeyA)],
        AuthColumn.RestrictedToAccount => ["Bearer " + w.KeyOwnAccount],
        AuthColumn.RestrictedToOther => ["Bearer " + w.KeyOtherAccount],
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };
}
