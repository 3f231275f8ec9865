using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Paging;

public static class PageLimits
{
    public const int Default = 50;
    public const int Max = 200;

    /// <summary>Validates a client-supplied <c>limit</c>; absent means <see cref="Default"/>.</summary>
    public static int Resolve(string? raw, int max = Max, int fallback = Default)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        if (!int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            || limit < 1 || limit > max)
        {
            throw ApiException.Validation("limit", $"limit must be a whole number from 1 to {max}.");
        }

        return limit;
    }
}
