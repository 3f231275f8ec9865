namespace SyncFunctions.Infra.Tests;

/// <summary>
/// azure.yaml declares the one Functions service azd deploys. Read with plain line matching (no YAML
/// library): top-level keys at column 0, service names one indent level below "services:", and each
/// service's keys one level further.
/// </summary>
[Trait("Category", "Slow")]
[Collection(InfraCollection.Name)]
public sealed class AzureYamlTests(InfraFixture infra)
{
    private sealed record Service(string Name, Dictionary<string, string> Keys);

    private static (Dictionary<string, string> TopLevel, List<Service> Services) Parse()
    {
        var topLevel = new Dictionary<string, string>(StringComparer.Ordinal);
        var services = new List<Service>();
        var inServices = false;
        int? serviceIndent = null;
        foreach (var raw in File.ReadAllLines(Repo.AzureYaml))
        {
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var (key, value) = SplitKey(line.Trim());
            if (indent == 0)
            {
                inServices = key == "services";
                serviceIndent = null;
                topLevel[key] = value;
                continue;
            }

            if (!inServices)
            {
                continue;
            }

            serviceIndent ??= indent;
            if (indent == serviceIndent)
            {
                services.Add(new Service(key, new Dictionary<string, string>(StringComparer.Ordinal)));
            }
            else if (services.Count > 0 && indent > serviceIndent)
            {
                services[^1].Keys.TryAdd(key, value);
            }
        }

        return (topLevel, services);
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return line.TrimStart().StartsWith('#') ? "" : hash >= 0 ? line[..hash] : line;
    }

    private static (string Key, string Value) SplitKey(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (text, "")
            : (text[..colon].Trim(), text[(colon + 1)..].Trim().Trim('"', '\''));
    }

    [Fact]
    public void ThereIsExactlyOneFunctionsServiceForDotnet()
    {
        var (topLevel, services) = Parse();
        Assert.Equal("syncfunctions", topLevel.GetValueOrDefault("name"));

        var service = Assert.Single(services);
        Assert.Equal("api", service.Name);
        Assert.Equal("function", service.Keys.GetValueOrDefault("host"));
        Assert.Equal("dotnet", service.Keys.GetValueOrDefault("language"));
    }

    [Fact]
    public void TheServiceProjectIsTheFunctionsApp()
    {
        var service = Assert.Single(Parse().Services);
        var project = service.Keys.GetValueOrDefault("project");
        Assert.False(string.IsNullOrEmpty(project), "the service has no project");

        var dir = Path.GetFullPath(Path.Combine(Repo.Root, project));
        Assert.True(Directory.Exists(dir), $"project folder {dir} does not exist");
        Assert.True(File.Exists(Path.Combine(dir, "SyncFunctions.csproj")), $"{dir} holds no SyncFunctions.csproj");
    }

    [Fact]
    public void TheFunctionAppIsTaggedWithTheServiceName()
    {
        // azd finds the resource to deploy a service to by its azd-service-name tag.
        var service = Assert.Single(Parse().Services);
        var site = Arm.Single(infra.MainTemplate, "Microsoft.Web/sites");
        var tags = Arm.String(site, "tags") ?? "";
        Assert.Contains($"createObject('azd-service-name', '{service.Name}')", tags, StringComparison.Ordinal);
    }
}
