using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Accounts;
using SyncFunctions.Core.ApiKeys;
using SyncFunctions.Core.Environments;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Json;
using SyncFunctions.Core.Security;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Demo;

/// <param name="UpstreamUrl">The local demo upstream (<c>SyncFunctions__DemoUpstreamUrl</c>).</param>
/// <param name="ApiKey">A fixed, development-only key token (<c>SyncFunctions__DemoApiKey</c>), so a newcomer can call the API at once.</param>
public sealed record DemoSeedOptions(Uri UpstreamUrl, string ApiKey);

/// <param name="AccountId">The account of the <c>demo</c> integration (the first two jobs are its).</param>
public sealed record DemoSeedResult(string EnvironmentId, string IntegrationName, string AccountId, IReadOnlyList<string> SyncJobIds)
{
    /// <summary>The account of the <c>hubspot</c> integration (the last job is its).</summary>
    public string HubSpotAccountId { get; init; } = "";
}

/// <summary>
/// Makes the local hub ready to use against the demo upstream: the <c>demo</c> environment, the development key with
/// every scope, the <c>demo</c> integration (raw resources users, contacts, deals, notes: every pagination style), the
/// <c>hubspot</c> integration (the same contacts HubSpot-shaped), the unified model <c>crm</c> mapping both into
/// <c>crm/contacts</c>, an account per integration and three sync jobs (two of demo's, one a depends_on fan-out; one of
/// hubspot's). Idempotent: what exists is left alone, so it can run at every start.
/// </summary>
public sealed class DemoSeeder(
    IEnvironmentStore environments, IApiKeyStore keys, IIntegrationStore storedIntegrations, IntegrationService integrations, AccountService accounts, SyncJobService jobs,
    IUnifiedModelStore storedModels, UnifiedModelService models, TimeProvider clock)
{
    public const string EnvironmentId = "demo";
    public const string IntegrationName = "demo";
    public const string HubSpotIntegrationName = "hubspot";
    public const string UnifiedModelName = "crm";
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

        if (await storedIntegrations.GetAsync(EnvironmentId, HubSpotIntegrationName, ct) is null)
        {
            await integrations.PutAsync(EnvironmentId, HubSpotIntegrationName, HubSpotIntegration(options.UpstreamUrl), ct);
        }

        if (await storedModels.GetAsync(EnvironmentId, UnifiedModelName, ct) is null)
        {
            await models.PutAsync(EnvironmentId, UnifiedModelName, CrmModel(), ct);
        }

        var account = (await accounts.ListAsync(EnvironmentId, IntegrationName, null, 1, ct)).Items.FirstOrDefault()?.Id
            ?? (await accounts.CreateAsync(EnvironmentId, new CreateAccountRequest(IntegrationName, "Demo CRM", "demo-crm", null, null), ct)).Id;
        var hubspotAccount = (await accounts.ListAsync(EnvironmentId, HubSpotIntegrationName, null, 1, ct)).Items.FirstOrDefault()?.Id
            ?? (await accounts.CreateAsync(EnvironmentId, new CreateAccountRequest(HubSpotIntegrationName, "Demo HubSpot", "demo-hubspot", null, null), ct)).Id;

        var existing = (await jobs.ListAsync(EnvironmentId, IntegrationName, null, 10, ct)).Items.Select(j => j.Id).ToList();
        if (existing.Count == 0)
        {
            // crm/contacts is unified (the crm model), always persisted; users, deals and notes are the raw (proxy) resources.
            existing.Add((await jobs.CreateAsync(EnvironmentId, Job(IntegrationName, """
                [{"resource":"users","method":"list","persist":true},{"resource":"crm/contacts","method":"list"},{"resource":"deals","method":"list","persist":true}]
                """), ct)).Id);
            existing.Add((await jobs.CreateAsync(EnvironmentId, Job(IntegrationName, """
                [{"resource":"crm/contacts","method":"list"},{"resource":"notes","method":"list","depends_on":"crm/contacts","persist":true}]
                """), ct)).Id);
        }

        var hubspotJobs = (await jobs.ListAsync(EnvironmentId, HubSpotIntegrationName, null, 10, ct)).Items.Select(j => j.Id).ToList();
        if (hubspotJobs.Count == 0)
        {
            hubspotJobs.Add((await jobs.CreateAsync(EnvironmentId, Job(HubSpotIntegrationName, """[{"resource":"crm/contacts","method":"list"}]"""), ct)).Id);
        }

        return new DemoSeedResult(EnvironmentId, IntegrationName, account, [.. existing, .. hubspotJobs]) { HubSpotAccountId = hubspotAccount };
    }

    private static SyncJobDefinition Job(string integration, string resources) =>
        new() { IntegrationName = integration, Resources = JsonSerializer.Deserialize<List<SyncJobResource>>(resources, WireJson.Strict) };

    /// <summary>The demo upstream's contacts as HubSpot's CRM API serves them (<c>/hubspot/crm/v3/objects/contacts</c>).</summary>
    public static IntegrationDefinition HubSpotIntegration(Uri upstream)
    {
        var json = new JsonObject
        {
            ["base_url"] = upstream.ToString().TrimEnd('/'),
            ["resources"] = JsonNode.Parse("""
                {
                  "contacts": {
                    "type_name": "contact",
                    "updated_at_field": "updatedAt",
                    "list": {
                      "path": "/hubspot/crm/v3/objects/contacts", "records_path": "$.results",
                      "pagination": { "type": "cursor", "cursor_param": "after", "cursor_path": "$.paging.next.after", "page_size_param": "limit", "page_size": 100 }
                    }
                  }
                }
                """),
        };
        return json.Deserialize<IntegrationDefinition>(WireJson.Strict)!;
    }

    /// <summary>The unified model <c>crm</c>: contacts read the same way from both integrations.</summary>
    public static UnifiedModelDefinition CrmModel() => JsonNode.Parse("""
        {
          "description": "A CRM's contacts, the same way whichever CRM an account connects.",
          "resources": {
            "contacts": {
              "description": "A person in the CRM.",
              "schema": {
                "type": "object",
                "properties": {
                  "id": { "type": "string" }, "first_name": { "type": ["string", "null"] }, "last_name": { "type": ["string", "null"] },
                  "name": { "type": ["string", "null"] }, "email": { "type": ["string", "null"] }, "company": { "type": ["string", "null"] },
                  "updated_at": { "type": ["string", "null"] }
                },
                "required": ["id"]
              },
              "validate_records": true,
              "integration_mapping": {
                "demo": {
                  "resource": "contacts",
                  "response_mapping": {
                    "id": "to_string(id)", "first_name": "first_name", "last_name": "last_name", "name": "concat_ws(' ', first_name, last_name)",
                    "email": "email", "company": "company", "updated_at": "to_iso8601(updated_at)"
                  }
                },
                "hubspot": {
                  "resource": "contacts",
                  "response_mapping": {
                    "id": "id", "first_name": "properties.firstname", "last_name": "properties.lastname",
                    "name": "concat_ws(' ', properties.firstname, properties.lastname)",
                    "email": "properties.email", "company": "properties.company", "updated_at": "to_iso8601(updatedAt)"
                  },
                  "query_mapping": { "updatedAfter": "previous_run_date" }
                }
              }
            }
          }
        }
        """)!.Deserialize<UnifiedModelDefinition>(WireJson.Strict)! with { Name = UnifiedModelName };

    /// <summary>
    /// The demo upstream's resources, one pagination style each, as a user would declare them: raw (proxy) names, since
    /// <c>crm/…</c> names the unified model. The notes path reads the unified contact a job's notes depend on.
    /// </summary>
    public static IntegrationDefinition Integration(Uri upstream)
    {
        var json = new JsonObject
        {
            ["base_url"] = upstream.ToString().TrimEnd('/'),
            ["resources"] = JsonNode.Parse("""
                {
                  "users": {
                    "type_name": "user",
                    "list": { "path": "/link/users", "records_path": "$", "pagination": { "type": "link_header", "page_size_param": "per_page", "page_size": 100 } },
                    "get": { "path": "/page/users/{{id}}" }
                  },
                  "contacts": {
                    "type_name": "contact",
                    "track_deletes": true,
                    "list": {
                      "path": "/page/contacts", "records_path": "$.data", "incremental_param": "updated_since",
                      "pagination": { "type": "page_number", "page_param": "page", "page_size_param": "per_page", "page_size": 100 }
                    }
                  },
                  "deals": {
                    "type_name": "deal",
                    "list": { "path": "/offset/deals", "records_path": "$.items", "pagination": { "type": "offset", "offset_param": "offset", "page_size_param": "limit", "page_size": 100 } }
                  },
                  "notes": {
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
