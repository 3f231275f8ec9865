using SyncFunctions.Core.Ids;

namespace SyncFunctions.Core.Tests.Ids;

public sealed class TimeOrderedIdTests
{
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Ids_are_version_7_uuids_whose_text_carries_the_clock_milliseconds()
    {
        var at = new DateTimeOffset(2026, 5, 1, 12, 0, 0, 123, TimeSpan.Zero);
        var id = new TimeOrderedId().Next(new SettableClock(at));

        var guid = Guid.ParseExact(id, "D");
        Assert.Equal(7, guid.Version);
        Assert.Equal(id, guid.ToString());
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(id.Replace("-", "", StringComparison.Ordinal)[..12], 16));
    }

    [Fact]
    public void Ids_made_one_after_another_sort_in_that_order_even_when_the_clock_stands_still_or_steps_back()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var generator = new TimeOrderedId();
        var ids = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            ids.Add(generator.Next(clock)); // more than the 4096 a millisecond holds
        }

        clock.Now -= TimeSpan.FromSeconds(5);
        ids.Add(generator.Next(clock));
        clock.Now += TimeSpan.FromMinutes(1);
        ids.Add(generator.Next(clock));

        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }
}
