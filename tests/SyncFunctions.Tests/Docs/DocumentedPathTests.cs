using System.Text.RegularExpressions;
using SyncFunctions.Docs;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Docs;

/// <summary>
/// The admin routes' templates spell <c>admin</c> as a constrained parameter for the host's sake; clients call
/// <c>api/admin/…</c>, and that is what every document must keep showing. Every route a document names
/// (<c>GET api/…</c> in the text, <c>curl … $BASE/…</c> in its shell blocks) is a route of the table.
/// </summary>
public sealed partial class DocumentedPathTests
{
    /// <summary>README.md and every page of docs/.</summary>
    public static IReadOnlyList<string> Pages { get; } =
        new[] { Path.Combine(RepositoryPaths.Root, "README.md"), Path.Combine(RepositoryPaths.Root, "ARCHITECTURE.md") }
            .Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
            .ToList();

    private static IEnumerable<string> Documents => Pages.Concat(
    [
        Path.Combine(RepositoryPaths.Root, "samples", "walkthrough.sh"),
        Path.Combine(RepositoryPaths.Root, "samples", "syncfunctions.http"),
        Path.Combine(RepositoryPaths.Root, "src", "SyncFunctions", "Http", "Docs", "dashboard.html"),
    ]);

    public static TheoryData<string> PageNames() => new(Pages.Select(p => Path.GetRelativePath(RepositoryPaths.Root, p)));

    [Fact]
    public void The_admin_routes_are_documented_at_their_literal_paths()
    {
        var admin = ApiRoutes.All.Where(r => r.Path.StartsWith("admin/", StringComparison.Ordinal)).ToList();
        var openApiPaths = System.Text.Json.JsonDocument.Parse(OpenApiDocumentFactory.DocumentJson).RootElement
            .GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        var docs = string.Join('\n', Pages.Select(File.ReadAllText));

        Assert.NotEmpty(admin);
        Assert.All(admin, route =>
        {
            Assert.Contains("/" + route.Path, openApiPaths);
            Assert.Contains("api/" + route.Path, docs, StringComparison.Ordinal);
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
        foreach (var (name, text) in Documents.Select(d => (Path.GetRelativePath(RepositoryPaths.Root, d), File.ReadAllText(d))).Append(("openapi.json", OpenApiDocumentFactory.DocumentJson)))
        {
            Assert.All(spelled, segment => Assert.True(!text.Contains(segment, StringComparison.Ordinal), $"{name} shows {segment}"));
        }
    }

    /// <summary><c>POST/GET api/admin/api-keys</c>, <c>PATCH api/sync-job-run/{id}</c>…: each method and path is a route.</summary>
    [Theory]
    [MemberData(nameof(PageNames))]
    public void Every_method_and_path_in_the_text_is_a_route(string page)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, page));
        var mentions = MethodAndPath().Matches(text)
            .SelectMany(m => m.Groups["methods"].Value.Split('/').Select(method => (Method: method, Path: m.Groups["path"].Value.TrimEnd('.', '/'))))
            .ToList();

        var unknown = mentions.Where(m => DocumentedRoutes.Match(m.Method, m.Path) is null).Select(m => $"{m.Method} api/{m.Path}").ToList();
        Assert.True(unknown.Count == 0, $"{page} names routes that do not exist: {string.Join(", ", unknown)}");
    }

    /// <summary>The curl lines of the shell blocks (<c>$BASE/…</c>) call routes of the table with their methods.</summary>
    [Theory]
    [MemberData(nameof(PageNames))]
    public void Every_curl_in_the_shell_blocks_calls_a_route(string page)
    {
        var requests = CurlRequests(File.ReadAllText(Path.Combine(RepositoryPaths.Root, page)));

        var unknown = requests.Where(r => DocumentedRoutes.Match(r.Method, r.Path) is null).Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(unknown.Count == 0, $"{page}: curl requests matching no route: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void The_pages_name_and_curl_most_of_the_routes()
    {
        var text = string.Join('\n', Pages.Select(File.ReadAllText));
        var named = MethodAndPath().Matches(text)
            .SelectMany(m => m.Groups["methods"].Value.Split('/').Select(method => DocumentedRoutes.Match(method, m.Groups["path"].Value.TrimEnd('.', '/'))))
            .Concat(CurlRequests(text).Select(r => DocumentedRoutes.Match(r.Method, r.Path)))
            .OfType<ApiRoute>()
            .Select(r => r.FunctionName)
            .ToHashSet();

        // A parser that stopped finding anything would pass the tests above vacuously.
        Assert.True(named.Count >= ApiRoutes.All.Count * 3 / 4, $"the pages name only {named.Count} of {ApiRoutes.All.Count} routes");
        Assert.NotEmpty(CurlRequests(File.ReadAllText(Pages[0])));
    }

    /// <summary>(method, path) of each curl in the fenced bash blocks whose URL starts with <c>$BASE/</c>.</summary>
    internal static List<(string Method, string Path)> CurlRequests(string markdown)
    {
        var requests = new List<(string, string)>();
        foreach (Match block in BashBlock().Matches(markdown))
        {
            // One command per logical line: continuation lines joined.
            foreach (var line in block.Groups["body"].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
            {
                foreach (Match curl in Curl().Matches(line))
                {
                    var method = curl.Groups["method"].Success ? curl.Groups["method"].Value : "GET";
                    requests.Add((method, Normalize(curl.Groups["path"].Value)));
                }
            }
        }

        return requests;
    }

    /// <summary>Drops the query; shell variables (<c>$X</c>, <c>${X}</c>) become one opaque segment each.</summary>
    private static string Normalize(string path) => Variable().Replace(path.Split('?')[0], "VAR").Trim('/');

    [GeneratedRegex(@"\b(?<methods>(?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*)\s+api/(?<path>[A-Za-z0-9_./{}\-]+)")]
    private static partial Regex MethodAndPath();

    [GeneratedRegex(@"```bash\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"\bcurl\b(?:(?!\bcurl\b)[^|;])*?(?:-X\s+(?<method>[A-Z]+)(?:(?!\bcurl\b)[^|;])*?)?""?\$\{?BASE\}?/(?<path>[^\s""')]+)")]
    private static partial Regex Curl();

    [GeneratedRegex(@"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")]
    private static partial Regex Variable();
}
