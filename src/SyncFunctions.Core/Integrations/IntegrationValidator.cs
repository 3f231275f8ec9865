using System.Text.RegularExpressions;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Engine.Validation;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Integrations;

/// <summary>
/// Checks an integration definition before it is stored, so runs fail on upstream trouble, not on typos.
/// Field paths follow the JSON (snake_case, resource names as keys): <c>base_url</c>, <c>auth.type</c>,
/// <c>resources.crm/contacts.list.pagination.cursor_path</c>. Codes are <see cref="ValidationCodes"/>.
/// </summary>
public static partial class IntegrationValidator
{
    public const int MaxNameLength = 64;
    public const int MaxPageSize = 1000;

    // Placeholder text replaced by this when checking a base URL's shape; valid inside a host name.
    private const string StandIn = "placeholder-value";

    // Framing and routing headers belong to the HTTP stack; credentials belong to auth, not the definition.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Authorization", "Proxy-Authorization",
    };

    /// <summary>Validates with no SSRF allow-list: a literal loopback/private host is refused.</summary>
    public static IReadOnlyList<FieldError> Validate(IntegrationDefinition definition) => Validate(definition, null);

    /// <summary>Validates; <paramref name="allowedHosts"/> (host names, IPs, CIDRs) may permit otherwise refused literal hosts.</summary>
    public static IReadOnlyList<FieldError> Validate(IntegrationDefinition definition, IReadOnlySet<string>? allowedHosts)
    {
        var errors = new FieldErrorList();
        ValidateName(definition.Name, errors);
        ValidateBaseUrl(definition.BaseUrl, allowedHosts, errors);
        ValidateAuth(definition.Auth, allowedHosts, errors);
        ValidateHeaders(definition.Headers, errors);
        ValidateRateLimit(definition.RateLimit, errors);
        ValidateResources(definition.Resources, errors);
        return errors.Errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9_]+(/[a-z0-9_]+)*$")]
    internal static partial Regex ResourceNamePattern();

    // What devices see in meta.type, like Base's lead, deal, source.
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex TypeNamePattern();

    // RFC 9110 token.
    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderNamePattern();

    private static void ValidateName(string? name, FieldErrorList errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Required("name", "An integration needs a name.");
        }
        else if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            errors.Invalid("name", $"'{name}' is not a valid integration name: 1–{MaxNameLength} characters, lower-case letters, digits, '_' and '-', starting with a letter or digit.");
        }
    }

    private static void ValidateBaseUrl(string? baseUrl, IReadOnlySet<string>? allowedHosts, FieldErrorList errors)
    {
        const string field = "base_url";
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            errors.Required(field, "base_url is required, e.g. https://{{account.subdomain}}.example.com/api.");
            return;
        }
        if (!PlaceholderTemplate.TryParse(baseUrl, out var template, out var problem))
        {
            errors.Invalid(field, $"base_url is not a valid template: {problem}");
            return;
        }
        var bad = template.References.FirstOrDefault(r => r.Root != PlaceholderRoots.Account || r.Segments.Count != 2);
        if (bad is not null)
        {
            errors.Add(field, ValidationCodes.UnresolvablePlaceholder,
                $"base_url can only use account variables ({{{{account.<variable>}}}}); {bad.Text} is not one.");
            return;
        }
        // The scheme must be literal: a placeholder could otherwise turn the URL into file:// or gopher://.
        if (!baseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !baseUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            errors.Invalid(field, $"base_url must start with https:// or http:// (got '{baseUrl}').");
            return;
        }

        var sample = baseUrl;
        foreach (var reference in template.References)
        {
            sample = sample.Replace(reference.Text, StandIn, StringComparison.Ordinal);
        }
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            errors.Invalid(field, $"base_url '{baseUrl}' is not an absolute URL.");
            return;
        }
        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            errors.Invalid(field, "base_url must not contain a user name, password, query or fragment; use auth and each endpoint's query.");
            return;
        }
        if (!url.Host.Contains(StandIn, StringComparison.OrdinalIgnoreCase))
        {
            CheckHost(url, field, allowedHosts, errors);
        }
    }

    private static void CheckHost(Uri url, string field, IReadOnlySet<string>? allowedHosts, FieldErrorList errors)
    {
        var check = UpstreamUrlPolicy.CheckUrl(url, allowedHosts);
        if (!check.IsAllowed)
        {
            errors.Add(field, ValidationCodes.ForbiddenHost, check.Reason!);
        }
    }

    private static void ValidateAuth(AuthDefinition? auth, IReadOnlySet<string>? allowedHosts, FieldErrorList errors)
    {
        if (auth is null)
        {
            return; // no auth
        }
        if (string.IsNullOrWhiteSpace(auth.Type))
        {
            errors.Required("auth.type", $"auth.type is required: one of {string.Join(", ", AuthTypes.All)}.");
            return;
        }
        if (!AuthTypes.All.Contains(auth.Type))
        {
            errors.Invalid("auth.type", $"'{auth.Type}' is not an auth type; use one of {string.Join(", ", AuthTypes.All)}.");
            return;
        }

        switch (auth.Type)
        {
            case AuthTypes.ApiKey:
                if (auth.In is not (null or "header" or "query"))
                {
                    errors.Invalid("auth.in", $"auth.in must be 'header' or 'query' (got '{auth.In}').");
                }
                if (auth.Name is not null && (auth.In ?? "header") == "header" && !HeaderNamePattern().IsMatch(auth.Name))
                {
                    errors.Invalid("auth.name", $"'{auth.Name}' is not a valid header name.");
                }
                else if (auth.Name is not null && string.IsNullOrWhiteSpace(auth.Name))
                {
                    errors.Invalid("auth.name", "auth.name must not be blank.");
                }
                break;

            case AuthTypes.OAuth2ClientCredentials:
                if (string.IsNullOrWhiteSpace(auth.TokenUrl))
                {
                    errors.Required("auth.token_url", "oauth2_client_credentials needs auth.token_url (absolute, or a path relative to base_url).");
                }
                else if (auth.TokenUrl.StartsWith('/'))
                {
                    if (auth.TokenUrl.Contains("{{", StringComparison.Ordinal) || auth.TokenUrl.StartsWith("//", StringComparison.Ordinal))
                    {
                        errors.Invalid("auth.token_url", "auth.token_url must be a plain path like /oauth/token or an absolute URL.");
                    }
                }
                else if (!Uri.TryCreate(auth.TokenUrl, UriKind.Absolute, out var tokenUrl) || tokenUrl.Scheme is not ("http" or "https"))
                {
                    errors.Invalid("auth.token_url", $"auth.token_url '{auth.TokenUrl}' is neither an http(s) URL nor a path starting with '/'.");
                }
                else
                {
                    CheckHost(tokenUrl, "auth.token_url", allowedHosts, errors);
                }
                break;
        }
    }

    private static void ValidateHeaders(IReadOnlyDictionary<string, string>? headers, FieldErrorList errors)
    {
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            var field = $"headers.{name}";
            if (!HeaderNamePattern().IsMatch(name))
            {
                errors.Invalid(field, $"'{name}' is not a valid header name.");
            }
            else if (ReservedHeaders.Contains(name))
            {
                errors.Invalid(field, name.Contains("Authorization", StringComparison.OrdinalIgnoreCase)
                    ? $"{name} cannot be set here: configure auth, and keep secrets in the integrated account's credentials."
                    : $"{name} is set by the HTTP client and cannot be configured.");
            }
            else if (value is null)
            {
                errors.Required(field, $"Header {name} needs a value.");
            }
            else if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                errors.Invalid(field, $"The value of header {name} must not contain line breaks.");
            }
            else if (!PlaceholderTemplate.TryParse(value, out var template, out var problem))
            {
                errors.Invalid(field, $"The value of header {name} is not a valid template: {problem}");
            }
            else if (template.References.FirstOrDefault(r => r.Root != PlaceholderRoots.Account || r.Segments.Count != 2) is { } bad)
            {
                errors.Add(field, ValidationCodes.UnresolvablePlaceholder,
                    $"Header values can only use account variables ({{{{account.<variable>}}}}); {bad.Text} is not one.");
            }
        }
    }

    private static void ValidateRateLimit(RateLimitDefinition? rateLimit, FieldErrorList errors)
    {
        if (rateLimit is null)
        {
            return;
        }
        if (rateLimit.RequestsPerSecond is not { } rps)
        {
            errors.Required("rate_limit.requests_per_second", "rate_limit needs requests_per_second.");
        }
        else if (!double.IsFinite(rps) || rps <= 0)
        {
            errors.Invalid("rate_limit.requests_per_second", $"requests_per_second must be a number greater than 0 (got {rps}).");
        }
    }

    private static void ValidateResources(IReadOnlyDictionary<string, ResourceDefinition>? resources, FieldErrorList errors)
    {
        if (resources is null || resources.Count == 0)
        {
            errors.Required("resources", "An integration needs at least one resource.");
            return;
        }

        foreach (var (name, resource) in resources)
        {
            var prefix = $"resources.{name}";
            if (!ResourceNamePattern().IsMatch(name))
            {
                errors.Invalid(prefix, $"'{name}' is not a valid resource name: lower-case letters, digits and '_', in '/'-separated parts (e.g. crm/contacts).");
            }
            if (resource is null)
            {
                errors.Required(prefix, $"Resource '{name}' has no definition.");
                continue;
            }
            if (resource.List is null && resource.Get is null)
            {
                errors.Required(prefix, $"Resource '{name}' needs a list or a get endpoint.");
            }

            if (resource.TypeName is { } typeName && !TypeNamePattern().IsMatch(typeName))
            {
                errors.Invalid($"{prefix}.type_name", $"'{typeName}' is not a valid type name: 1-64 lower-case letters, digits and '_', starting with a letter (e.g. contact).");
            }

            ValidateFieldPath(resource.IdField, $"{prefix}.id_field", errors);
            ValidateFieldPath(resource.UpdatedAtField, $"{prefix}.updated_at_field", errors);
            ValidateFieldPath(resource.DeletedField, $"{prefix}.deleted_field", errors);
            if (resource.List is { } list)
            {
                ValidateEndpoint(list, $"{prefix}.list", errors);
            }
            if (resource.Get is { } get)
            {
                ValidateEndpoint(get, $"{prefix}.get", errors);
            }
        }
    }

    private static void ValidateFieldPath(string? path, string field, FieldErrorList errors)
    {
        if (path is not null && !JsonPath.TryParseField(path, out _, out var problem))
        {
            errors.Invalid(field, $"'{path}' is not a valid field path (like id or data.id): {problem}");
        }
    }

    private static void ValidateJsonPath(string? path, string field, FieldErrorList errors, bool required = false, string? requiredMessage = null)
    {
        if (path is null)
        {
            if (required)
            {
                errors.Required(field, requiredMessage ?? $"{field} is required.");
            }
            return;
        }
        if (!JsonPath.TryParse(path, out _, out var problem))
        {
            errors.Invalid(field, $"'{path}' is not a supported JSON path ($, $.a.b, $.a[0], $['a-b']): {problem}");
        }
    }

    private static void ValidateEndpoint(EndpointDefinition endpoint, string prefix, FieldErrorList errors)
    {
        var pathField = $"{prefix}.path";
        if (string.IsNullOrWhiteSpace(endpoint.Path))
        {
            errors.Required(pathField, "The endpoint needs a path, e.g. /contacts.");
        }
        else if (!endpoint.Path.StartsWith('/') || endpoint.Path.StartsWith("//", StringComparison.Ordinal))
        {
            errors.Invalid(pathField, $"The path '{endpoint.Path}' must start with a single '/' (it is appended to base_url).");
        }
        else if (endpoint.Path.IndexOfAny(['?', '#', ' ', '\r', '\n']) >= 0)
        {
            errors.Invalid(pathField, $"The path '{endpoint.Path}' must not contain '?', '#' or whitespace; put parameters in query.");
        }
        else
        {
            ValidateTemplate(endpoint.Path, pathField, errors);
        }

        if (endpoint.Method is { } method && method.ToUpperInvariant() is not ("GET" or "POST"))
        {
            errors.Invalid($"{prefix}.method", $"'{method}' is not supported; use GET or POST.");
        }

        ValidateJsonPath(endpoint.RecordsPath, $"{prefix}.records_path", errors);

        foreach (var (name, value) in endpoint.Query ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Invalid($"{prefix}.query", "Query parameter names must not be empty.");
            }
            else if (value is null)
            {
                errors.Required($"{prefix}.query.{name}", $"Query parameter {name} needs a value.");
            }
            else
            {
                ValidateTemplate(value, $"{prefix}.query.{name}", errors);
            }
        }

        if (endpoint.IncrementalParam is not null && string.IsNullOrWhiteSpace(endpoint.IncrementalParam))
        {
            errors.Invalid($"{prefix}.incremental_param", "incremental_param must name a query parameter.");
        }

        if (endpoint.Pagination is { } pagination)
        {
            ValidatePagination(pagination, $"{prefix}.pagination", errors);
        }
    }

    /// <summary>Syntax and placeholder shape only: which args or parent a placeholder needs depends on the sync job.</summary>
    private static void ValidateTemplate(string template, string field, FieldErrorList errors)
    {
        if (!PlaceholderTemplate.TryParse(template, out var parsed, out var problem))
        {
            errors.Invalid(field, $"Not a valid template: {problem}");
            return;
        }
        foreach (var reference in parsed.References)
        {
            if (PlaceholderShape.Problem(reference) is { } shape)
            {
                errors.Add(field, ValidationCodes.UnresolvablePlaceholder, shape);
                return;
            }
        }
    }

    private static void ValidatePagination(PaginationDefinition pagination, string prefix, FieldErrorList errors)
    {
        if (string.IsNullOrWhiteSpace(pagination.Type))
        {
            errors.Required($"{prefix}.type", $"pagination.type is required: one of {string.Join(", ", PaginationTypes.All)}.");
            return;
        }
        if (!PaginationTypes.All.Contains(pagination.Type))
        {
            errors.Invalid($"{prefix}.type", $"'{pagination.Type}' is not a pagination type; use one of {string.Join(", ", PaginationTypes.All)}.");
            return;
        }

        if (pagination.PageSize is { } size && size is < 1 or > MaxPageSize)
        {
            errors.Invalid($"{prefix}.page_size", $"page_size must be between 1 and {MaxPageSize} (got {size}).");
        }
        if (pagination.StartPage is { } start && start is not (0 or 1))
        {
            errors.Invalid($"{prefix}.start_page", $"start_page must be 0 or 1 (got {start}).");
        }
        foreach (var (value, name) in new[]
        {
            (pagination.PageSizeParam, "page_size_param"), (pagination.PageParam, "page_param"),
            (pagination.OffsetParam, "offset_param"), (pagination.CursorParam, "cursor_param"),
        })
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                errors.Invalid($"{prefix}.{name}", $"{name} must name a query parameter.");
            }
        }

        ValidateJsonPath(pagination.CursorPath, $"{prefix}.cursor_path", errors,
            required: pagination.Type == PaginationTypes.Cursor, requiredMessage: "cursor pagination needs cursor_path: where the next cursor is in the body, e.g. $.next_cursor.");
        ValidateJsonPath(pagination.NextUrlPath, $"{prefix}.next_url_path", errors,
            required: pagination.Type == PaginationTypes.NextUrl, requiredMessage: "next_url pagination needs next_url_path: where the next page's URL is in the body, e.g. $.next.");
        ValidateJsonPath(pagination.TotalPath, $"{prefix}.total_path", errors);
    }
}
