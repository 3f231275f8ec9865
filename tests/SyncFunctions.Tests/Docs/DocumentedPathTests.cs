using SyncFunctions.Http;
using SyncFunctions.Http.Docs;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Docs;

/// <summary>
/// The admin routes' templates spell <c>admin</c> as a constrained parameter for the host's sake; clients call
/// <c>api/admin/…</c>, and that is what every document must keep showing.
/// </summary>
public sealed class DocumentedPathTests
{
    private static readonly string[] Documents =
    [
        Path.Combine(RepositoryPaths.Root, "README.md"),
        Path.Combine(RepositoryPaths.Root, "samples", "walkthrough.sh"),
        Path.Combine(RepositoryPaths.Root, "samples", "syncfunctions.http"),
        Path.Combine(RepositoryPaths.Root, "src", "SyncFunctions", "Http", "Docs", "dashboard.html"),
    ];

    [Fact]
    public void The_admin_routes_are_documented_at_their_literal_paths()
    {
        var admin = ApiRoutes.All.Where(r => r.Path.StartsWith("admin/", StringComparison.Ordinal)).ToList();
        var openApiPaths = System.Text.Json.JsonDocument.Parse(OpenApiDocumentFactory.DocumentJson).RootElement
            .GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        var readme = File.ReadAllText(Documents[0]);

        Assert.NotEmpty(admin);
        Assert.All(admin, route =>
        {
            Assert.Contains("/" + route.Path, openApiPaths);
            Assert.Contains("api/" + route.Path, readme, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void No_document_shows_a_template_segment_in_place_of_its_literal()
    {
        // "{admin": the parameter as the template has it, or as OpenAPI would write it with the constraint dropped.
        var spelled = ApiRoutes.All
            .SelectMany(r => r.Template.Split('/').Zip(r.Path.Split('/')).Where(s => s.First != s.Second).Select(s => s.First.Split(':')[0]))
            .Distinct()
            .ToList();

        Assert.NotEmpty(spelled);
        foreach (var (name, text) in Documents.Select(d => (Path.GetFileName(d), File.ReadAllText(d))).Append(("openapi.json", OpenApiDocumentFactory.DocumentJson)))
        {
            Assert.All(spelled, segment => Assert.True(!text.Contains(segment, StringComparison.Ordinal), $"{name} shows {segment}"));
        }
    }
}
