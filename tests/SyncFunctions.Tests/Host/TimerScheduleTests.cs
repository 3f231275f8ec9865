using System.Text.Json;
using NCrontab;
using SyncFunctions.DeviceSync;
using SyncFunctions.Schedules;
using SyncFunctions.Status;
using SyncFunctions.Tests.Build;

namespace SyncFunctions.Tests.Host;

/// <summary>
/// The timer schedules in functions.metadata, read as the host's TimerTrigger reads them
/// (azure-webjobs-sdk-extensions src/WebJobs.Extensions/Extensions/Timers/Scheduling/TimerSchedule.Create and
/// CronSchedule.TryCreate): NCRONTAB via NCrontab.Signed, with a seconds field unless the expression has exactly five
/// fields; failing that a TimeSpan ("hh:mm:ss"); anything else stops the host. The tests call the timer functions
/// directly, so only this shows how often the host will really run them.
/// </summary>
public sealed class TimerScheduleTests
{
    public static TheoryData<string, int> Intervals => new()
    {
        { PollRunStatusesFunction.Name, 10 },   // DESIGN.md: timers poll the Durable runtime every 10 s
        { FireCronTriggersFunction.Name, 60 },  // cron triggers have minute resolution
        { ReapDeviceSessionsFunction.Name, 300 }, // docs/operations.md: the reaper runs every 5 minutes
    };

    /// <summary>Every timer trigger in functions.metadata: function name and schedule.</summary>
    private static Dictionary<string, string> Timers()
    {
        var path = Path.Combine(RepositoryPaths.AppOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build src/SyncFunctions first.");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));
        return metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "timerTrigger")
                .Select(b => (Name: f.GetProperty("name").GetString()!, Schedule: b.GetProperty("schedule").GetString()!)))
            .ToDictionary(t => t.Name, t => t.Schedule);
    }

    private static string ScheduleOf(string function) =>
        Timers().TryGetValue(function, out var schedule) ? schedule : throw new InvalidOperationException($"{function} has no timer trigger in functions.metadata");

    [Fact]
    public void Every_timer_has_an_expected_interval_here()
    {
        var expected = Intervals.Select(row => (string)row[0]).Order().ToList();
        Assert.Equal(expected, Timers().Keys.Order());
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="start"/>, as the host computes them.</summary>
    private static IReadOnlyList<DateTime> Occurrences(string schedule, DateTime start, int count)
    {
        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5 };
        if (CrontabSchedule.TryParse(schedule, options) is { } cron)
        {
            var times = new List<DateTime>();
            for (var at = start; times.Count < count;)
            {
                at = cron.GetNextOccurrence(at);
                times.Add(at);
            }

            return times;
        }

        Assert.True(TimeSpan.TryParse(schedule, System.Globalization.CultureInfo.InvariantCulture, out var period),
            $"the host refuses '{schedule}': neither an NCRONTAB expression nor a TimeSpan");
        return Enumerable.Range(1, count).Select(i => start + (period * i)).ToList();
    }

    [Theory]
    [MemberData(nameof(Intervals))]
    public void The_host_runs_the_timer_at_its_interval(string function, int seconds)
    {
        var schedule = ScheduleOf(function);

        // A start inside an hour and a day boundary, where a wrong field would show.
        var times = Occurrences(schedule, new DateTime(2026, 1, 31, 23, 58, 3, DateTimeKind.Utc), 20);

        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds).Distinct().ToList();
        Assert.True(gaps.SequenceEqual([seconds]), $"{function} '{schedule}' runs at gaps of {string.Join(", ", gaps)} s, not every {seconds} s");
    }
}
