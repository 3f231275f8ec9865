using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Tests.Docs;

/// <summary>Which route a request written in a document (README, docs/, samples) reaches, if any.</summary>
internal static class DocumentedRoutes
{
    /// <param name="path">Relative to <c>api/</c>, query dropped, each variable one opaque segment.</param>
    public static ApiRoute? Match(string method, string path) =>
        ApiRoutes.All.FirstOrDefault(r => r.Method == method && Matches(r.Path, path));

    private static bool Matches(string documented, string path)
    {
        var expected = documented.Split('/');
        var actual = path.Split('/');
        return expected.Length == actual.Length &&
            expected.Zip(actual).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : p.First == p.Second);
    }
}
