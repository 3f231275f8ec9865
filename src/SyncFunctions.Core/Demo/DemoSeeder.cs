using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.ApiKeys;
using SyncFunctions.Core.Environments;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Json;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Demo;

/// <param name="UpstreamUrl">The local demo upstream (<c>SyncFunctions__DemoUpstreamUrl</c>).</param>
/// <param name="ApiKey">A fixed, development-only key token (<c>SyncFunctions__DemoApiKey</c>), so a newcomer can call the API at once.</param>
public sealed record DemoSeedOptions(Uri UpstreamUrl, string ApiKey);

public sealed record DemoSeedResult(string EnvironmentId, string IntegrationName, string AccountId, IReadOnlyList<string> SyncJobIds);

/// <summary>
/// Makes the local hub ready to use against the demo upstream: the <c>demo</c> environment, the development key with
/// every scope, the <c>demo</c> integration (every pagination style), an account and two sync jobs (one of them a
/// depends_on fan-out). Idempotent: what exists is left alone, so it can run at every start.
/// </summary>
public sealed class DemoSeeder(
    IEnvironmentStore environments, IApiKeyStore keys, IIntegrationStore storedIntegrations, IntegrationService integrations, AccountService accounts, SyncJobService jobs,
    TimeProvider clock)
{
    public const string EnvironmentId = "demo";
    public const string IntegrationName = "demo";
    public const string KeyId = "demo-local-key";

    public async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, CancellationToken ct)
    {
        if (options.ApiKey.Length != ApiKeyTokens.Length || !options.ApiKey.StartsWith(ApiKeyTokens.Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The demo API key must be {ApiKeyTokens.Length} characters starting with '{ApiKeyTokens.Prefix}'.", nameof(options));
        }

        var now = clock.GetUtcNow();
        if (await environments.GetAsync(EnvironmentId, ct) is null)
        {
            await environments.CreateAsync(new SyncEnvironment(EnvironmentId, "demo", now), ct);
        }

        var hash = ApiKeyTokens.Hash(options.ApiKey);
        if (await keys.FindByHashAsync(hash, ct) is null)
        {
            await keys.CreateAsync(new ApiKey(KeyId, EnvironmentId, "demo (local development)", Scopes.All, hash, ApiKeyTokens.DisplayPrefix(options.ApiKey), now), ct);
        }

        if (await storedIntegrations.GetAsync(EnvironmentId, IntegrationName, ct) is null)
        {
            await integrations.PutAsync(EnvironmentId, IntegrationName, Integration(options.UpstreamUrl), ct);
        }

        var account = (await accounts.ListAsync(EnvironmentId, IntegrationName, null, 1, ct)).Items.FirstOrDefault()?.Id
            ?? (await accounts.CreateAsync(EnvironmentId, new CreateAccountRequest(IntegrationName, "Demo CRM", "demo-crm", null, null), ct)).Id;

        var existing = (await jobs.ListAsync(EnvironmentId, IntegrationName, null, 10, ct)).Items.Select(j => j.Id).ToList();
        if (existing.Count == 0)
        {
            existing.Add((await jobs.CreateAsync(EnvironmentId, Job("""
                [{"resource":"crm/users","method":"list"},{"resource":"crm/contacts","method":"list"},{"resource":"crm/deals","method":"list"}]
                """), ct)).Id);
            existing.Add((await jobs.CreateAsync(EnvironmentId, Job("""
                [{"resource":"crm/contacts","method":"list","persist":false},{"resource":"crm/notes","method":"list","depends_on":"crm/contacts"}]
                """), ct)).Id);
        }

        return new DemoSeedResult(EnvironmentId, IntegrationName, account, existing);
    }

    private static SyncJobDefinition Job(string resources) =>
        new() { IntegrationName = IntegrationName, Resources = JsonSerializer.Deserialize<List<SyncJobResource>>(resources, WireJson.Strict) };

    /// <summary>The demo upstream's resources, one pagination style each, as a user would declare them.</summary>
    public static IntegrationDefinition Integration(Uri upstream)
    {
        var json = new JsonObject
        {
            ["base_url"] = upstream.ToString().TrimEnd('/'),
            ["resources"] = JsonNode.Parse("""
                {
                  "crm/users": {
                    "type_name": "user",
                    "list": { "path": "/link/users", "records_path": "$", "pagination": { "type": "link_header", "page_size_param": "per_page", "page_size": 100 } },
                    "get": { "path": "/page/users/{{id}}" }
                  },
                  "crm/contacts": {
                    "type_name": "contact",
                    "track_deletes": true,
                    "list": {
                      "path": "/page/contacts", "records_path": "$.data", "incremental_param": "updated_since",
                      "pagination": { "type": "page_number", "page_param": "page", "page_size_param": "per_page", "page_size": 100 }
                    }
                  },
                  "crm/deals": {
                    "type_name": "deal",
                    "list": { "path": "/offset/deals", "records_path": "$.items", "pagination": { "type": "offset", "offset_param": "offset", "page_size_param": "limit", "page_size": 100 } }
                  },
                  "crm/notes": {
                    "type_name": "note",
                    "list": {
                      "path": "/cursor/contacts/{{resources.crm.contacts.id}}/notes", "records_path": "$.results",
                      "pagination": { "type": "cursor", "cursor_param": "cursor", "cursor_path": "$.next_cursor", "page_size_param": "limit", "page_size": 100 }
                    }
                  }
                }
                """),
        };
        return json.Deserialize<IntegrationDefinition>(WireJson.Strict)!;
    }
}
