using System.Text.Json;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Validations;
using SyncFunctions.Docs;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Testing.Http;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Docs;

public sealed class OpenApiDocumentTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly JsonElement Document = JsonDocument.Parse(OpenApiDocumentFactory.DocumentJson).RootElement;

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations() =>
        Document.GetProperty("paths").EnumerateObject().SelectMany(p =>
            p.Value.EnumerateObject().Select(o => (o.Name.ToUpperInvariant(), p.Name, o.Value)));

    [Fact]
    public void Documents_exactly_the_routes_and_methods_in_the_builds_functions_metadata()
    {
        var metadata = Path.Combine(RepositoryPaths.AppOutput, "functions.metadata");
        Assert.True(File.Exists(metadata), $"{metadata} is missing: build src/SyncFunctions first.");
        var built = JsonDocument.Parse(File.ReadAllText(metadata)).RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m =>
                (Method: m.GetString()!.ToUpperInvariant(), Path: OpenApiDocumentFactory.OpenApiPath(RouteTemplates.DocumentedPath(b.GetProperty("route").GetString()!)))))
            .Order()
            .ToList();

        var documented = Operations().Select(o => (o.Method, o.Path)).Order().ToList();

        Assert.NotEmpty(built);
        Assert.Equal(built, documented);
    }

    [Fact]
    public void Is_a_valid_openapi_3_document()
    {
        Assert.StartsWith("3.0", Document.GetProperty("openapi").GetString());
        var errors = OpenApiDocumentFactory.Create(ApiRoutes.All).Validate(ValidationRuleSet.GetDefaultRuleSet()).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Pointer + ": " + e.Message)));
    }

    [Fact]
    public void Every_operation_names_its_scope_and_declares_its_path_parameters()
    {
        foreach (var route in ApiRoutes.All)
        {
            var operation = Operations().Single(o => o.Method == route.Method && o.Path == OpenApiDocumentFactory.OpenApiPath(route.Path)).Operation;
            Assert.Equal(route.FunctionName, operation.GetProperty("operationId").GetString());
            Assert.Equal(route.Summary, operation.GetProperty("summary").GetString());
            if (route.Scope is null)
            {
                Assert.Equal(0, operation.GetProperty("security").GetArrayLength());
                Assert.False(operation.TryGetProperty(OpenApiDocumentFactory.ScopeExtension, out _), route.FunctionName);
            }
            else
            {
                Assert.Equal(route.Scope, operation.GetProperty(OpenApiDocumentFactory.ScopeExtension).GetString());
                Assert.Equal(
                    route.Access switch { RouteAccess.PerAccount => "per_account", RouteAccess.Unrestricted => "unrestricted", _ => "environment" },
                    operation.GetProperty(OpenApiDocumentFactory.AccessExtension).GetString());
                Assert.True(operation.GetProperty("security")[0].TryGetProperty(OpenApiDocumentFactory.SecuritySchemeId, out _), route.FunctionName);
                Assert.Equal("#/components/schemas/Problem", operation.GetProperty("responses").GetProperty("401").GetProperty("content")
                    .GetProperty(ApiResult.ProblemJson).GetProperty("schema").GetProperty("$ref").GetString());
            }

            var declared = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList()
                : [];
            var inTemplate = System.Text.RegularExpressions.Regex.Matches(route.Path, @"\{([a-z_]+)").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(inTemplate, declared);
        }
    }

    [Fact]
    public void The_bearer_scheme_and_the_problem_shape_are_components()
    {
        var components = Document.GetProperty("components");
        var scheme = components.GetProperty("securitySchemes").GetProperty(OpenApiDocumentFactory.SecuritySchemeId);
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var problem = components.GetProperty("schemas").GetProperty("Problem").GetProperty("properties");
        Assert.Equal(
            ["code", "detail", "errors", "field", "instance", "status", "title", "trace_id", "type"],
            problem.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void Schemas_come_from_the_contract_types_in_snake_case()
    {
        var getRun = Operations().Single(o => o.Operation.GetProperty("operationId").GetString() == nameof(ApiRoutes.GetSyncJobRun)).Operation;
        var run = getRun.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty(ApiResult.Json);
        var properties = Resolve(run.GetProperty("schema")).GetProperty("properties");
        foreach (var name in new[] { "id", "sync_job_id", "integrated_account_id", "status", "resource_stats", "current_step", "records_processed", "error_code", "created_at" })
        {
            Assert.True(properties.TryGetProperty(name, out _), name);
        }

        Assert.Equal("date-time", properties.GetProperty("created_at").GetProperty("format").GetString());
        Assert.Equal("4a4de828-f4db-4c9e-adfd-434e0864c3c7", run.GetProperty("example").GetProperty("id").GetString());

        var createRun = Operations().Single(o => o.Operation.GetProperty("operationId").GetString() == nameof(ApiRoutes.CreateSyncJobRun)).Operation;
        var body = Resolve(createRun.GetProperty("requestBody").GetProperty("content").GetProperty(ApiResult.Json).GetProperty("schema")).GetProperty("properties");
        Assert.True(body.TryGetProperty("integrated_account_id", out _));
        Assert.True(createRun.GetProperty("responses").TryGetProperty("201", out _));

        var list = Resolve(Operations().Single(o => o.Operation.GetProperty("operationId").GetString() == nameof(ApiRoutes.ListSyncJobRuns)).Operation
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty(ApiResult.Json).GetProperty("schema")).GetProperty("properties");
        Assert.True(Resolve(list.GetProperty("data").GetProperty("items")).GetProperty("properties").TryGetProperty("sync_job_id", out _));
        Assert.True(list.TryGetProperty("next_cursor", out _));
    }

    /// <summary>One component per contract type: the run is described once, and each use of it (top level, in a page, nested) is a reference.</summary>
    [Fact]
    public void Contracts_are_named_components_referenced_wherever_they_are_used()
    {
        var schemas = Document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("RunView", out _));
        Assert.True(schemas.TryGetProperty("SyncJobView", out _));
        Assert.True(schemas.TryGetProperty("RunViewPage", out _));

        var json = OpenApiDocumentFactory.DocumentJson;
        // A property list appears once per contract, so "records_processed" (RunView only) is written once.
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(json, "\"records_processed\": \\{"));
        Assert.Equal("#/components/schemas/SyncJobView",
            schemas.GetProperty("RunView").GetProperty("properties").GetProperty("sync_job").GetProperty("anyOf")[0].GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/SyncJobResource",
            schemas.GetProperty("SyncJobView").GetProperty("properties").GetProperty("resources").GetProperty("items").GetProperty("$ref").GetString());
    }

    [Fact]
    public void Key_restrictions_are_documented_on_creation_and_in_listings()
    {
        var schemas = Document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("CreateApiKeyRequest").GetProperty("properties").TryGetProperty("integrated_account_ids", out _));
        Assert.True(schemas.GetProperty("ApiKeyView").GetProperty("properties").TryGetProperty("integrated_account_ids", out _));
    }

    private static JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? Document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;

    /// <summary>
    /// Routes added on other branches are documented generically until their contract is added, and say so;
    /// a contract for a route that no longer exists is an error.
    /// </summary>
    [Fact]
    public void Contracts_name_only_real_routes_and_generic_operations_say_they_are_generic()
    {
        Assert.Empty(OpenApiContracts.ByRoute.Keys.Except(ApiRoutes.All.Select(r => r.FunctionName)));
        foreach (var route in ApiRoutes.All)
        {
            var operation = Operations().Single(o => o.Operation.GetProperty("operationId").GetString() == route.FunctionName).Operation;
            Assert.Equal(!OpenApiContracts.ByRoute.ContainsKey(route.FunctionName), operation.TryGetProperty(OpenApiDocumentFactory.GenericExtension, out _));
        }
    }

    [Theory]
    [InlineData(nameof(ApiRoutes.CreateSyncJobRun), "409,503")]
    [InlineData(nameof(ApiRoutes.RetrySyncJobRun), "409,503")]
    [InlineData(nameof(ApiRoutes.CancelSyncJobRun), "409")]
    [InlineData(nameof(ApiRoutes.ListSyncJobRuns), "")]
    public void Route_specific_problems_are_documented_as_problem_json(string name, string statuses)
    {
        var responses = Operations().Single(o => o.Operation.GetProperty("operationId").GetString() == name).Operation.GetProperty("responses");

        var specific = responses.EnumerateObject().Select(r => r.Name).Where(s => s is "409" or "429" or "503").ToList();
        Assert.Equal(statuses.Split(',', StringSplitOptions.RemoveEmptyEntries), specific);
        Assert.All(specific, s => Assert.True(responses.GetProperty(s).GetProperty("content").TryGetProperty(ApiResult.ProblemJson, out _), s));
    }

    [Fact]
    public void A_route_without_a_contract_is_still_documented_with_a_generic_body()
    {
        var added = new ApiRoute("CancelSomething", "POST", "things/{thing_id}/cancel", "runs", "Cancel a thing.");
        var document = OpenApiDocumentFactory.Create([.. ApiRoutes.All, added]);

        var operation = document.Paths["/things/{thing_id}/cancel"].Operations[OperationType.Post];
        Assert.Equal("Cancel a thing.", operation.Summary);
        Assert.Equal("thing_id", Assert.Single(operation.Parameters).Name);
        Assert.Equal("object", operation.RequestBody.Content[ApiResult.Json].Schema.Type);
        Assert.Equal("object", operation.Responses["200"].Content[ApiResult.Json].Schema.Type);
        Assert.Null(operation.Responses["200"].Content[ApiResult.Json].Schema.Reference);
        Assert.True(operation.Extensions.ContainsKey(OpenApiDocumentFactory.GenericExtension));
    }

    [Fact]
    public async Task Is_served_anonymously_at_api_openapi_json()
    {
        var response = await TestRequest.Get(ApiRoutes.Templates.OpenApi).SendAsync(fixture.App.Function<DocsFunctions>().OpenApi);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType);
        Assert.Equal("SyncFunctions API", response.Json.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("/api", response.Json.GetProperty("servers")[0].GetProperty("url").GetString());
    }
}
