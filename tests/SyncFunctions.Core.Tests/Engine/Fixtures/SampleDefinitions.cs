using System.Text.Json.Nodes;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.SyncJobs;

namespace SyncFunctions.Core.Tests.Engine.Fixtures;

/// <summary>A valid integration and job touching every feature, for tests to start from and break one thing at a time.</summary>
internal static class SampleDefinitions
{
    public static IntegrationDefinition Integration() => new()
    {
        Name = "democrm",
        BaseUrl = "https://{{account.subdomain}}.example.com/api/v2",
        Auth = new AuthDefinition { Type = AuthTypes.Bearer },
        Headers = new Dictionary<string, string> { ["X-Tenant"] = "{{account.tenant}}", ["Accept"] = "application/json" },
        RateLimit = new RateLimitDefinition { RequestsPerSecond = 5 },
        Resources = new Dictionary<string, ResourceDefinition>
        {
            ["crm/contacts"] = new()
            {
                IdField = "id",
                UpdatedAtField = "updated_at",
                DeletedField = "archived",
                List = new EndpointDefinition
                {
                    Path = "/contacts",
                    RecordsPath = "$.data",
                    IncrementalParam = "updated_since",
                    Query = new Dictionary<string, string> { ["sort"] = "id", ["status"] = "active" },
                    Pagination = new PaginationDefinition { Type = PaginationTypes.PageNumber, PageSize = 2, TotalPath = "$.total" },
                },
                Get = new EndpointDefinition { Path = "/contacts/{{id}}", RecordsPath = "$.data" },
            },
            ["crm/notes"] = new()
            {
                List = new EndpointDefinition
                {
                    Path = "/contacts/{{resources.crm.contacts.id}}/notes",
                    RecordsPath = "$.items",
                    Pagination = new PaginationDefinition { Type = PaginationTypes.Cursor, CursorPath = "$.meta.next_cursor", PageSize = 50 },
                },
            },
            ["users"] = new()
            {
                List = new EndpointDefinition { Path = "/users", Pagination = new PaginationDefinition { Type = PaginationTypes.LinkHeader, PageSize = 100 } },
                Get = new EndpointDefinition { Path = "/users/{{id}}" },
            },
            ["deals"] = new()
            {
                List = new EndpointDefinition
                {
                    Path = "/deals",
                    Method = "POST",
                    RecordsPath = "$.records",
                    Pagination = new PaginationDefinition { Type = PaginationTypes.NextUrl, NextUrlPath = "$.next" },
                },
            },
            ["tickets"] = new()
            {
                List = new EndpointDefinition
                {
                    Path = "/tickets",
                    RecordsPath = "$['ticket-list']",
                    Pagination = new PaginationDefinition { Type = PaginationTypes.Offset, PageSize = 25, TotalPath = "$.meta.total" },
                },
            },
        },
    };

    public static SyncJobDefinition Job() => new()
    {
        IntegrationName = "democrm",
        ArgsSchema = (JsonObject)JsonNode.Parse("""
            {
              "type": "object",
              "properties": {
                "user_ids": { "type": "array", "items": { "type": "string" } },
                "status": { "type": "string" },
                "owner": { "type": "object" }
              }
            }
            """)!,
        Resources =
        [
            new SyncJobResource { Resource = "crm/contacts", Method = "list", Query = new Dictionary<string, string> { ["status"] = "{{args.status}}" } },
            new SyncJobResource { Resource = "crm/notes", Method = "list", DependsOn = "crm/contacts", Persist = false },
            new SyncJobResource { Resource = "users", Method = "get", Id = "{{args.user_ids}}", LoopOn = "user_ids" },
        ],
    };

    /// <summary>Replaces one resource of <paramref name="integration"/>.</summary>
    public static IntegrationDefinition WithResource(this IntegrationDefinition integration, string name, Func<ResourceDefinition, ResourceDefinition> change)
    {
        var resources = new Dictionary<string, ResourceDefinition>(integration.Resources!) { [name] = change(integration.Resources![name]) };
        return integration with { Resources = resources };
    }

    /// <summary>Replaces the list endpoint of one resource.</summary>
    public static IntegrationDefinition WithList(this IntegrationDefinition integration, string name, Func<EndpointDefinition, EndpointDefinition> change) =>
        integration.WithResource(name, r => r with { List = change(r.List!) });

    /// <summary>Replaces the list pagination of one resource.</summary>
    public static IntegrationDefinition WithPagination(this IntegrationDefinition integration, string name, Func<PaginationDefinition, PaginationDefinition> change) =>
        integration.WithList(name, e => e with { Pagination = change(e.Pagination!) });

    /// <summary>Replaces entry <paramref name="index"/> of the job.</summary>
    public static SyncJobDefinition WithEntry(this SyncJobDefinition job, int index, Func<SyncJobResource, SyncJobResource> change)
    {
        var entries = job.Resources!.ToList();
        entries[index] = change(entries[index]);
        return job with { Resources = entries };
    }
}
