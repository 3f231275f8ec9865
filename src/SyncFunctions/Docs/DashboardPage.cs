using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SyncFunctions.Docs;

/// <summary>
/// The status page (an embedded resource) and its Content-Security-Policy. The page has one inline
/// script and one inline style; the policy allows exactly those by hash, so no injected markup can run.
/// </summary>
public sealed partial class DashboardPage
{
    public const string ResourceName = "SyncFunctions.dashboard.html";

    private static readonly Lazy<DashboardPage> Loaded = new(Load);

    private DashboardPage(string html, string contentSecurityPolicy)
    {
        Html = html;
        ContentSecurityPolicy = contentSecurityPolicy;
    }

    public static DashboardPage Instance => Loaded.Value;

    public string Html { get; }

    public string ContentSecurityPolicy { get; }

    private static DashboardPage Load()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var html = reader.ReadToEnd();
        var script = Single(ScriptBlock(), html, "script");
        var style = Single(StyleBlock(), html, "style");
        var policy = DocsFunctions.DashboardPolicy.Replace("{script}", Hash(script), StringComparison.Ordinal).Replace("{style}", Hash(style), StringComparison.Ordinal);
        return new DashboardPage(html, policy);
    }

    private static string Single(Regex block, string html, string what)
    {
        var matches = block.Matches(html);
        return matches.Count == 1 ? matches[0].Groups[1].Value : throw new InvalidOperationException($"The dashboard must have exactly one inline {what}; found {matches.Count}.");
    }

    private static string Hash(string content) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    [GeneratedRegex(@"<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptBlock();

    [GeneratedRegex(@"<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
