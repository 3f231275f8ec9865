namespace SyncFunctions.Core.Integrations;

/// <summary>
/// A declarative upstream REST API (what dlt calls a source config): where it is, how to
/// authenticate, and for each resource how to list and get records. Stored per environment
/// under its <see cref="Name"/>; an integrated account supplies the variables and credentials.
/// </summary>
public sealed record IntegrationDefinition
{
    /// <summary>Set from the route (<c>PUT api/integrations/{name}</c>), not the body.</summary>
    public string Name { get; init; } = "";

    /// <summary>e.g. <c>https://{{account.subdomain}}.example.com/api/v2</c>; variables come from the integrated account.</summary>
    public string? BaseUrl { get; init; }

    public AuthDefinition? Auth { get; init; }

    /// <summary>Sent with every request (values may use <c>{{account.x}}</c> placeholders).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public RateLimitDefinition? RateLimit { get; init; }

    /// <summary>Keyed by resource name, e.g. <c>crm/contacts</c>.</summary>
    public IReadOnlyDictionary<string, ResourceDefinition>? Resources { get; init; }

    /// <summary>
    /// The environment's overrides of unified models' mappings for this integration, keyed by unified resource
    /// (<c>crm/contacts</c>): merged over the model's base mapping, under an integrated account's own overrides.
    /// </summary>
    public IReadOnlyDictionary<string, Unified.ResourceMapping?>? UnifiedOverrides { get; init; }
}

public static class AuthTypes
{
    public const string None = "none";
    public const string Bearer = "bearer";
    public const string ApiKey = "api_key";
    public const string Basic = "basic";
    public const string OAuth2ClientCredentials = "oauth2_client_credentials";

    public static readonly IReadOnlyList<string> All = [None, Bearer, ApiKey, Basic, OAuth2ClientCredentials];
}

/// <summary>
/// How requests authenticate. Secrets are never here: they are the integrated account's
/// credentials (<c>token</c>, <c>api_key</c>, <c>username</c>/<c>password</c>, <c>client_id</c>/<c>client_secret</c>).
/// </summary>
public sealed record AuthDefinition
{
    public string? Type { get; init; }

    /// <summary>api_key: "header" (default) or "query".</summary>
    public string? In { get; init; }

    /// <summary>api_key: header or query parameter name (default <c>X-API-Key</c> / <c>api_key</c>).</summary>
    public string? Name { get; init; }

    /// <summary>oauth2_client_credentials: the token endpoint (absolute, or relative to base_url).</summary>
    public string? TokenUrl { get; init; }

    public string? Scope { get; init; }
}

public sealed record RateLimitDefinition
{
    /// <summary>Requests per second the hub allows itself against this API, per integrated account.</summary>
    public double? RequestsPerSecond { get; init; }
}

public sealed record ResourceDefinition
{
    /// <summary>The record type name devices see in <c>meta.type</c> (e.g. <c>contact</c>); defaults to the last path segment, singular.</summary>
    public string? TypeName { get; init; }

    /// <summary>JSON field holding the record id (dotted path allowed). Default <c>id</c>.</summary>
    public string? IdField { get; init; }

    /// <summary>JSON field holding the last-modified timestamp. Default <c>updated_at</c>.</summary>
    public string? UpdatedAtField { get; init; }

    /// <summary>A boolean field that marks a record as deleted upstream (explicit delete marker).</summary>
    public string? DeletedField { get; init; }

    /// <summary>On a full sync, records not seen become tombstones.</summary>
    public bool? TrackDeletes { get; init; }

    public EndpointDefinition? List { get; init; }

    public EndpointDefinition? Get { get; init; }
}

public sealed record EndpointDefinition
{
    /// <summary>Path template relative to base_url, e.g. <c>/contacts/{{resources.crm.contacts.id}}/notes</c> or <c>/contacts/{{id}}</c>.</summary>
    public string? Path { get; init; }

    /// <summary>GET (default) or POST.</summary>
    public string? Method { get; init; }

    /// <summary>Default query parameters (placeholders allowed).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(ScalarMapConverter))]
    public IReadOnlyDictionary<string, string>? Query { get; init; }

    /// <summary>Where the records are in the response body: <c>$</c> (the body is the array), <c>$.data</c>, <c>$.result.items</c>. For <c>get</c>, where the single record is.</summary>
    public string? RecordsPath { get; init; }

    /// <summary>The query parameter that takes the previous run date on incremental syncs (e.g. <c>updated_since</c>).</summary>
    public string? IncrementalParam { get; init; }

    public PaginationDefinition? Pagination { get; init; }
}

public static class PaginationTypes
{
    public const string None = "none";
    public const string PageNumber = "page_number";
    public const string Offset = "offset";
    public const string Cursor = "cursor";
    public const string NextUrl = "next_url";
    public const string LinkHeader = "link_header";

    public static readonly IReadOnlyList<string> All = [None, PageNumber, Offset, Cursor, NextUrl, LinkHeader];
}

/// <summary>
/// One of the pagination styles. Which members apply depends on <see cref="Type"/>; defaults in
/// brackets: page_number (<c>page</c>, <c>per_page</c>, start 1), offset (<c>offset</c>, <c>limit</c>),
/// cursor (<c>cursor</c> param, <see cref="CursorPath"/> required), next_url (<see cref="NextUrlPath"/>
/// required), link_header (RFC 8288 <c>rel="next"</c>).
/// </summary>
public sealed record PaginationDefinition
{
    public string? Type { get; init; }

    public int? PageSize { get; init; }

    /// <summary>Query parameter carrying the page size (per_page / limit / page_size ...).</summary>
    public string? PageSizeParam { get; init; }

    /// <summary>page_number: the page parameter.</summary>
    public string? PageParam { get; init; }

    /// <summary>page_number: the first page (0 or 1).</summary>
    public int? StartPage { get; init; }

    /// <summary>offset: the offset parameter.</summary>
    public string? OffsetParam { get; init; }

    /// <summary>cursor: query parameter that sends the cursor back.</summary>
    public string? CursorParam { get; init; }

    /// <summary>cursor: where the next cursor is in the body, e.g. <c>$.next_cursor</c> or <c>$.meta.next</c>.</summary>
    public string? CursorPath { get; init; }

    /// <summary>next_url: where the next page's absolute URL is in the body, e.g. <c>$.next</c>.</summary>
    public string? NextUrlPath { get; init; }

    /// <summary>page_number/offset: optional path of the total record count, to stop without an extra empty page.</summary>
    public string? TotalPath { get; init; }
}
