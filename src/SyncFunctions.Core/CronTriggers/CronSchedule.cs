using Cronos;

namespace SyncFunctions.Core.CronTriggers;

/// <summary>
/// Five-field cron expressions (minute hour day month weekday), evaluated in UTC. Seconds are not accepted: the
/// scheduler wakes once a minute, so a finer schedule would only promise what it cannot keep.
/// </summary>
public static class CronSchedule
{
    public const int MaxLength = 100;

    /// <summary>Null when <paramref name="expression"/> is a valid schedule that occurs after <paramref name="after"/>; else why not.</summary>
    public static string? Check(string expression, DateTimeOffset after)
    {
        if (expression.Length > MaxLength)
        {
            return $"cron_expression is at most {MaxLength} characters.";
        }

        if (!TryParse(expression, out var cron))
        {
            return "cron_expression is a five-field cron expression (minute hour day-of-month month day-of-week), in UTC, e.g. \"0 * * * *\".";
        }

        return cron.GetNextOccurrence(after, TimeZoneInfo.Utc) is null ? "cron_expression never occurs." : null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>; null if there is none.</summary>
    public static DateTimeOffset? Next(string expression, DateTimeOffset after) =>
        TryParse(expression, out var cron) ? cron.GetNextOccurrence(after, TimeZoneInfo.Utc) : null;

    private static bool TryParse(string expression, out CronExpression cron)
    {
        try
        {
            cron = CronExpression.Parse(expression, CronFormat.Standard);
            return true;
        }
        catch (CronFormatException)
        {
            cron = null!;
            return false;
        }
    }
}
