namespace SyncFunctions.Core.Engine.Placeholders;

/// <summary>Shortcuts over <see cref="PlaceholderTemplate"/> for one-off use.</summary>
public static class Placeholder
{
    /// <summary>The placeholders in <paramref name="template"/>; throws <see cref="FormatException"/> when it does not parse.</summary>
    public static IReadOnlyList<PlaceholderReference> References(string template) =>
        PlaceholderTemplate.Parse(template).References;

    /// <summary>Parses and renders; a template that does not parse is a <see cref="ConfigurationException"/> naming <paramref name="field"/>.</summary>
    public static string Render(string template, PlaceholderContext context, PlaceholderSink sink, string field)
    {
        if (!PlaceholderTemplate.TryParse(template, out var parsed, out var error))
        {
            throw new ConfigurationException(EngineErrorCodes.InvalidTemplate, $"{field}: {error}", field);
        }
        return parsed.Render(context, sink, field);
    }
}
