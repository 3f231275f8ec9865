using System.Text.Json;
using System.Text.RegularExpressions;
using SyncFunctions.Telemetry;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Docs;

/// <summary>The configuration table (docs/configuration.md) names every setting the app reads and the local sample sets.</summary>
public sealed partial class ConfigurationDocTests
{
    /// <summary>The table's rows: lines of docs/configuration.md that start with a setting in backticks.</summary>
    private static string ConfigurationSection()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));
        var rows = string.Join('\n', page.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)));
        Assert.True(rows.Length > 0, "docs/configuration.md has no settings table");
        return rows;
    }

    [Fact]
    public void Every_setting_read_by_the_settings_class_is_in_the_table()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "SyncFunctions", "Composition", "SyncFunctionsSettings.cs"));
        var app = SectionKey().Matches(source).Select(m => "`SyncFunctions__" + m.Groups[1].Value + "`").Distinct().ToList();
        var storage = StorageKey().Matches(source).Select(m => "__" + m.Groups[1].Value + "`").Distinct().ToList();
        Assert.True(app.Count >= 10, $"found only {app.Count} SyncFunctions settings; has the settings class changed shape?");
        Assert.NotEmpty(storage);

        var table = ConfigurationSection();
        var missing = app.Concat(storage).Where(name => !table.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not in the configuration table of docs/configuration.md: " + string.Join(", ", missing));
        Assert.Contains("`" + TelemetryRegistration.ConnectionStringSetting + "`", table);
    }

    [Fact]
    public void Every_value_of_the_local_settings_sample_is_in_the_table()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")));
        var names = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => "`" + p.Name + "`").ToList();

        var table = ConfigurationSection();
        var missing = names.Where(name => !table.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "not in the configuration table of docs/configuration.md: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"section\[""([A-Za-z]+)""\]")]
    private static partial Regex SectionKey();

    [GeneratedRegex(@"storage\[""([A-Za-z]+)""\]")]
    private static partial Regex StorageKey();
}
