using System.Text.RegularExpressions;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Docs;

/// <summary>
/// README is the front page (two screens at most, the two commands, a link to every page); the reference lives in
/// docs/, and every relative link of README and docs/ leads to a file of the repository.
/// </summary>
public sealed partial class DocsPagesTests
{
    private const int ReadmeMaxLines = 130;

    private static string Readme => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

    [Fact]
    public void The_readme_fits_on_two_screens()
    {
        var lines = Readme.TrimEnd('\n').Split('\n').Length;
        Assert.True(lines <= ReadmeMaxLines, $"README.md has {lines} lines; keep it to {ReadmeMaxLines} and move reference into docs/");
    }

    [Fact]
    public void The_readme_links_every_docs_page()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)).ToList();
        var linked = Links(Readme).Select(l => l.Split('#')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.True(pages.Count >= 8, $"docs/ has only {pages.Count} pages");
        var unlinked = pages.Where(p => !linked.Contains(p)).ToList();
        Assert.True(unlinked.Count == 0, "README.md does not link: " + string.Join(", ", unlinked));
    }

    [Theory]
    [MemberData(nameof(DocumentedPathTests.PageNames), MemberType = typeof(DocumentedPathTests))]
    public void Every_relative_link_resolves_to_a_file(string page)
    {
        var full = Path.Combine(RepositoryPaths.Root, page);
        var folder = Path.GetDirectoryName(full)!;
        var broken = Links(File.ReadAllText(full))
            .Where(link => !link.Contains("://", StringComparison.Ordinal) && !link.StartsWith("mailto:", StringComparison.Ordinal) && !link.StartsWith('#'))
            .Where(link =>
            {
                var target = Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(link.Split('#')[0])));
                return !target.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal) || (!File.Exists(target) && !Directory.Exists(target));
            })
            .ToList();

        Assert.True(broken.Count == 0, $"{page}: links to missing files: {string.Join(", ", broken)}");
    }

    /// <summary>ARCHITECTURE.md stays true: every repository file it names exists.</summary>
    [Fact]
    public void Every_file_the_architecture_page_names_exists()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "ARCHITECTURE.md"));
        var named = SourcePath().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.True(named.Count >= 15, $"ARCHITECTURE.md names only {named.Count} files");
        var missing = named.Where(p => !File.Exists(Path.Combine(RepositoryPaths.Root, p))).ToList();
        Assert.True(missing.Count == 0, "ARCHITECTURE.md names missing files: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"`(src/[^`\s]+\.(?:cs|md))`")]
    private static partial Regex SourcePath();

    /// <summary>The set-up commands stay what README says, and CI runs the test command README shows.</summary>
    [Fact]
    public void The_readme_shows_the_two_commands_and_ci_runs_its_test_command()
    {
        var readme = Readme;
        Assert.Contains("Run the hub locally (Azurite + demo upstream + Functions host):\n\n```bash\n./scripts/run-local.sh\n```", readme);
        Assert.Contains("Run every test (restores, builds, starts Azurite, runs all test projects):\n\n```bash\n./scripts/test.sh\n```", readme);
        Assert.Contains("Node.js 22+", readme);

        var ci = File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".ci", "run"));
        Assert.Matches(@"(?m)^exec \./scripts/test\.sh\s*$", ci);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "scripts", "run-local.sh")));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "scripts", "test.sh")));
    }

    /// <summary>Markdown link targets (<c>[text](target)</c>), outside fenced code.</summary>
    private static IEnumerable<string> Links(string markdown) =>
        Link().Matches(Fence().Replace(markdown, "")).Select(m => m.Groups["target"].Value);

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
