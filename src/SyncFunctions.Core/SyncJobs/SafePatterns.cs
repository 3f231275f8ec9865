using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>
/// User-supplied regular expressions, run only by .NET's non-backtracking engine: matching is linear in the input, so
/// no pattern (<c>^(a+)+$</c>, say) can pin a worker. Constructs that engine cannot run are refused when the pattern is saved.
/// </summary>
public static class SafePatterns
{
    public const int MaxLength = 1000;

    // Linear matching makes this a backstop, not the defence; it bounds a huge input against a huge pattern.
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="pattern"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string pattern)
    {
        if (pattern.Length > MaxLength)
        {
            return $"A pattern is at most {MaxLength} characters.";
        }

        try
        {
            Get(pattern);
            return null;
        }
        catch (NotSupportedException)
        {
            return "The pattern uses a construct (backreference, lookaround, atomic group, conditional) that cannot be matched in linear time.";
        }
        catch (ArgumentException ex)
        {
            return "The pattern is not a valid regular expression: " + ex.Message.Split('\n')[0];
        }
    }

    /// <summary>Does <paramref name="input"/> match? False also when matching ran out of time.</summary>
    public static bool IsMatch(string pattern, string input)
    {
        try
        {
            return Get(pattern).IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Get(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        regex = new Regex(pattern, RegexOptions.NonBacktracking, MatchTimeout);
        if (Compiled.Count >= MaxCached)
        {
            Compiled.Clear();
        }

        return Compiled.GetOrAdd(pattern, regex);
    }
}
