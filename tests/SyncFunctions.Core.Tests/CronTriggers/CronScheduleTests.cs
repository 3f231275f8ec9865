using SyncFunctions.Core.CronTriggers;

namespace SyncFunctions.Core.Tests.CronTriggers;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 10, 7, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("*/15 * * * *", "2026-03-14T10:15:00Z")]
    [InlineData("0 3 * * *", "2026-03-15T03:00:00Z")]
    [InlineData("0 0 1 1 *", "2027-01-01T00:00:00Z")]
    [InlineData("0 9 * * MON-FRI", "2026-03-16T09:00:00Z")]
    public void The_next_occurrence_is_strictly_later_and_in_utc(string cron, string expected)
    {
        Assert.Null(CronSchedule.Check(cron, At));
        Assert.Equal(DateTimeOffset.Parse(expected, null, System.Globalization.DateTimeStyles.AssumeUniversal), CronSchedule.Next(cron, At));
    }

    [Fact]
    public void An_occurrence_exactly_now_is_not_next()
    {
        var onTheHour = new DateTimeOffset(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(onTheHour.AddHours(1), CronSchedule.Next("0 * * * *", onTheHour));
    }

    [Theory]
    [InlineData("not a cron")]
    [InlineData("0 * * * * *")]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("0 0 30 2 *")]
    public void Bad_or_never_occurring_expressions_are_refused(string cron)
    {
        Assert.NotNull(CronSchedule.Check(cron, At));
    }

    [Fact]
    public void Very_long_expressions_are_refused() =>
        Assert.NotNull(CronSchedule.Check(string.Join(",", Enumerable.Range(0, 59)) + " * * * *", At));
}
