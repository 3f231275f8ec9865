using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Models;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Docs;

/// <summary>
/// The OpenAPI 3 document of the HTTP API, built from the same route table the functions use
/// (<see cref="ApiRoutes.All"/>), so a route added there is documented without touching this file.
/// </summary>
public static partial class OpenApiDocumentFactory
{
    public const string SecuritySchemeId = "api_key";
    public const string ScopeExtension = "x-required-scope";
    public const string AccessExtension = "x-restricted-keys";

    /// <summary>Marks an operation documented with the generic object body (no entry in <see cref="OpenApiContracts"/> yet).</summary>
    public const string GenericExtension = "x-generic-schema";
    private const string ProblemSchemaId = "Problem";

    private static readonly OpenApiLicense License = new() { Name = "Proprietary" };

    private static readonly Lazy<string> Json = new(() => Serialize(Create(ApiRoutes.All)));

    /// <summary>The serialized document for <see cref="ApiRoutes.All"/> (built once per process).</summary>
    public static string DocumentJson => Json.Value;

    public static OpenApiDocument Create(IEnumerable<ApiRoute> routes)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "SyncFunctions API",
                Version = "1.0",
                License = License,
                Description = "A serverless sync hub: integrations, accounts, sync jobs and their runs, webhooks, Base-compatible device sync and stored records. " +
                    "Errors are RFC 7807 application/problem+json with a stable `code` and, for bad input, the offending `field`.",
            },
            Servers = [new OpenApiServer { Url = "/api" }],
            Paths = new OpenApiPaths(),
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, OpenApiSchema> { [ProblemSchemaId] = ProblemSchema() },
                SecuritySchemes = new Dictionary<string, OpenApiSecurityScheme>
                {
                    [SecuritySchemeId] = new()
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        Description = "An API key as a bearer token: `Authorization: Bearer <key>`. Each key holds scopes and belongs to one environment; " +
                            "each operation names the scope it needs in `x-required-scope`. The root admin key (app setting) holds only `admin`.",
                    },
                },
            },
        };

        var schemas = new OpenApiComponentSchemas(document.Components.Schemas);
        foreach (var route in routes)
        {
            var path = OpenApiPath(route.Path);
            if (!document.Paths.TryGetValue(path, out var item))
            {
                item = new OpenApiPathItem();
                document.Paths[path] = item;
            }

            item.Operations[Enum.Parse<OperationType>(route.Method, ignoreCase: true)] = Operation(route, schemas);
        }

        // Sorted so a reader (and a diff) finds a contract by name.
        document.Components.Schemas = document.Components.Schemas.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary();
        return document;
    }

    /// <summary>
    /// The document as JSON, each anonymous operation with <c>security: []</c>: Microsoft.OpenApi drops an empty
    /// list, and without it a reader (and a linter) cannot tell "anonymous" from "forgot to say".
    /// </summary>
    public static string Serialize(OpenApiDocument document)
    {
        var json = JsonNode.Parse(document.SerializeAsJson(OpenApiSpecVersion.OpenApi3_0))!;
        foreach (var (_, item) in json["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (Enum.TryParse<OperationType>(method, ignoreCase: true, out _) && operation is JsonObject op && !op.ContainsKey("security"))
                {
                    op["security"] = new JsonArray();
                }
            }
        }

        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A documented route path as an OpenAPI path: <c>/</c>-rooted, constraints and <c>?</c> dropped.</summary>
    public static string OpenApiPath(string path) => "/" + PathParameter().Replace(path, m => "{" + m.Groups[1].Value + "}");

    private static OpenApiOperation Operation(ApiRoute route, OpenApiComponentSchemas schemas)
    {
        var specific = OpenApiContracts.ByRoute.GetValueOrDefault(route.FunctionName);
        var contract = specific ?? OpenApiContracts.Generic(route);
        var operation = new OpenApiOperation
        {
            OperationId = route.FunctionName,
            Summary = route.Summary,
            Tags = [new OpenApiTag { Name = Tag(route.Path) }],
            Responses = new OpenApiResponses(),
        };
        if (specific is null)
        {
            operation.Extensions[GenericExtension] = new OpenApiBoolean(true);
        }

        foreach (Match match in PathParameter().Matches(route.Path))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = match.Groups[1].Value,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = "string" },
            });
        }

        if (route.Scope is not null)
        {
            operation.Description = $"Requires an API key with the `{route.Scope}` scope. " + RestrictedKeys(route.Access);
            operation.Extensions[ScopeExtension] = new OpenApiString(route.Scope);
            operation.Extensions[AccessExtension] = new OpenApiString(AccessName(route.Access));
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = SecuritySchemeId } }] = [],
            });
        }

        if (contract.Request is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = { [ApiResult.Json] = new OpenApiMediaType { Schema = schemas.Use(contract.Request) } },
            };
        }

        operation.Responses[contract.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Success(contract, schemas);
        foreach (var status in contract.AlsoReturns ?? [])
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = status == 204
                ? new OpenApiResponse { Description = "No content." }
                : Success(contract with { Status = status, Example = null }, schemas);
        }

        foreach (var (status, description) in ErrorResponses(route, contract))
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content =
                {
                    [ApiResult.ProblemJson] = new OpenApiMediaType
                    {
                        Schema = OpenApiComponentSchemas.Reference(ProblemSchemaId),
                        Example = status == "400" ? OpenApiAnyFrom.Node(OpenApiExamples.Problem) : null,
                    },
                },
            };
        }

        return operation;
    }

    /// <summary>What a key restricted to integrated accounts (<c>integrated_account_ids</c>) may do here, in words.</summary>
    private static string RestrictedKeys(RouteAccess access) => access switch
    {
        RouteAccess.PerAccount => "A key restricted to integrated accounts sees only its accounts' data here; anything of another account answers 404.",
        RouteAccess.Unrestricted => "Keys restricted to integrated accounts are refused (403 `unrestricted_key_required`).",
        _ => "Keys restricted to integrated accounts may call it too: it holds no account's data.",
    };

    private static string AccessName(RouteAccess access) => access switch
    {
        RouteAccess.PerAccount => "per_account",
        RouteAccess.Unrestricted => "unrestricted",
        _ => "environment",
    };

    private static OpenApiResponse Success(OpenApiContract contract, OpenApiComponentSchemas schemas)
    {
        var response = new OpenApiResponse { Description = contract.Status switch { 201 => "Created.", 202 => "Accepted.", 204 => "No content.", _ => "OK." } };
        if (contract.Order is not null)
        {
            response.Description += " " + contract.Order;
        }

        if (contract.Response is null)
        {
            return response;
        }

        response.Content[ApiResult.Json] = new OpenApiMediaType
        {
            Schema = contract.List ? schemas.Page(contract.Response) : schemas.Use(contract.Response),
            Example = contract.Example is null ? null : OpenApiAnyFrom.Node(contract.Example),
        };
        return response;
    }

    private static IEnumerable<(string Status, string Description)> ErrorResponses(ApiRoute route, OpenApiContract contract)
    {
        if (contract.Request is not null || route.Method == "GET")
        {
            yield return ("400", "Bad input: unknown or invalid field, bad query parameter or cursor (`code`, `field`, `errors[]`).");
        }

        if (route.Scope is not null)
        {
            yield return ("401", "Missing, malformed or revoked API key.");
            yield return ("403", route.Access == RouteAccess.Unrestricted
                ? "The key lacks the route's scope, has no environment for a tenant resource, or is restricted to integrated accounts."
                : "The key lacks the route's scope, or has no environment for a tenant resource.");
        }

        if (route.Path.Contains('{', StringComparison.Ordinal))
        {
            yield return ("404", "No such resource in the key's environment.");
        }

        foreach (var (status, description) in contract.Problems ?? new Dictionary<int, string>())
        {
            yield return (status.ToString(System.Globalization.CultureInfo.InvariantCulture), description);
        }

        yield return ("500", "Unexpected error; quote `trace_id` when reporting it.");
    }

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = "object",
        Description = "RFC 7807 problem details (application/problem+json).",
        Required = new HashSet<string> { "type", "title", "status", "detail", "code" },
        Properties = new Dictionary<string, OpenApiSchema>
        {
            ["type"] = new() { Type = "string", Description = Problems.TypePrefix + "<code>" },
            ["title"] = new() { Type = "string" },
            ["status"] = new() { Type = "integer" },
            ["detail"] = new() { Type = "string" },
            ["code"] = new() { Type = "string", Description = "Stable machine-readable error code." },
            ["field"] = new() { Type = "string", Description = "The offending request field (snake_case path), for bad input." },
            ["errors"] = new()
            {
                Type = "array",
                Items = new OpenApiSchema
                {
                    Type = "object",
                    Properties = new Dictionary<string, OpenApiSchema>
                    {
                        ["field"] = new() { Type = "string" },
                        ["code"] = new() { Type = "string" },
                        ["message"] = new() { Type = "string" },
                    },
                },
            },
            ["instance"] = new() { Type = "string", Description = "The request path." },
            ["trace_id"] = new() { Type = "string", Nullable = true },
        },
    };

    private static string Tag(string route)
    {
        var segments = route.Split('/');
        return segments[0] is "admin" or "v2" && segments.Length > 1 ? segments[0] + "/" + segments[1] : segments[0];
    }

    [GeneratedRegex(@"\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[^}]*)?\??\}")]
    private static partial Regex PathParameter();
}
