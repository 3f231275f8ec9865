using Microsoft.Extensions.Configuration;

namespace SyncFunctions.Infra.Tests.HostSettings;

/// <summary>
/// How the host expands <c>%name%</c> in binding attributes and extension options, written from its source:
/// azure-webjobs-sdk src/Microsoft.Azure.WebJobs.Host/NameResolverExtensions.cs (ResolveWholeString: each pair of
/// <c>%</c> encloses a name, any characters but <c>%</c>; a <c>%</c> without its closing one is an error) and
/// DefaultNameResolver.cs (a name resolves to <c>configuration[name]</c>, null meaning "does not resolve").
/// Durable resolves <c>hubName</c> with TryResolveWholeString and keeps the literal text when that fails
/// (DurableTaskOptions.ResolveAppSettingOptions), so an unresolved hub name reaches the name check as written.
/// </summary>
internal sealed class HostNameResolver(IConfiguration configuration)
{
    /// <summary>The names of the tokens in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        var names = new List<string>();
        var at = 0;
        while (text.IndexOf('%', at) is var start and >= 0)
        {
            var end = text.IndexOf('%', start + 1);
            if (end < 0)
            {
                throw new FormatException($"The '%' at position {start} of '{text}' does not have a closing '%'.");
            }

            names.Add(text[(start + 1)..end]);
            at = end + 1;
        }

        return names;
    }

    /// <summary>The text with every token replaced (values are not expanded again), or null when a token names no setting.</summary>
    public string? TryResolveWholeString(string text)
    {
        var result = new System.Text.StringBuilder();
        var at = 0;
        while (text.IndexOf('%', at) is var start and >= 0)
        {
            var end = text.IndexOf('%', start + 1);
            if (end < 0 || configuration[text[(start + 1)..end]] is not { } value)
            {
                return null;
            }

            result.Append(text, at, start - at).Append(value);
            at = end + 1;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>The tokens of <paramref name="text"/> that name no setting.</summary>
    public IReadOnlyList<string> Unresolved(string text) =>
        Tokens(text).Where(name => configuration[name] is null).Distinct(StringComparer.Ordinal).ToList();
}
