using System.Reflection;
using System.Text.RegularExpressions;
using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Tests.Records;

/// <summary>The one table layout: every table's name and keys come from <see cref="TableLayout"/>, and its keys cannot be forged.</summary>
public sealed partial class TableLayoutTests
{
    private static readonly string[] Nasty = ["plain", "crm/contacts", "a|b", "x%7Cy", "#?\\", "tab\there", "ünïcödé", "!007", ""];

    private static IEnumerable<Type> Tables => typeof(TableLayout).GetNestedTypes().Where(t => t.GetField("Name") is not null);

    [Fact]
    public void Every_table_has_a_distinct_name_table_storage_accepts_after_the_longest_prefix()
    {
        var names = Tables.Select(t => (string)t.GetField("Name")!.GetValue(null)!).ToList();
        Assert.True(names.Count >= 27, $"only {names.Count} tables");
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.Matches(TableName(), new string('p', 20) + n));
    }

    [Fact]
    public void Joined_keys_cannot_be_forged_by_a_separator_inside_a_part()
    {
        Assert.NotEqual(TableLayout.Join("a|b", "c"), TableLayout.Join("a", "b|c"));
        Assert.NotEqual(
            TableLayout.Feed(new RecordScope("env", "acct|crm", "contacts")),
            TableLayout.Feed(new RecordScope("env", "acct", "crm|contacts")));
        foreach (var a in Nasty)
        {
            foreach (var b in Nasty)
            {
                var key = TableLayout.Join(a, b);
                Assert.Equal(1, key.Count(c => c == TableLayout.Separator));
                Assert.Equal([a, b], key.Split(TableLayout.Separator).Select(TableLayout.Unsegment));
            }
        }
    }

    [Fact]
    public void Every_built_key_is_a_valid_table_key()
    {
        foreach (var v in Nasty.Where(v => v.Length > 0))
        {
            var scope = new RecordScope(v, v, v);
            var device = new DeviceRef(v, v, v);
            var feed = new FeedId(v, v);
            string[] keys =
            [
                TableLayout.Records.Partition(scope), TableLayout.Records.Row(v), TableLayout.Changes.Partition(scope),
                TableLayout.Counters.Partition(v, v), TableLayout.Counters.Row(v), TableLayout.Devices.Partition(device),
                TableLayout.Devices.Row(feed), TableLayout.DeviceAcks.Row(feed, 42), TableLayout.JobRuns.Partition(v, v),
                TableLayout.RunErrors.Partition(v, v), TableLayout.RunErrors.Row(v), TableLayout.RunParents.Partition(v, v, 3),
                TableLayout.RunProgress.Partition(v, v), TableLayout.RunProgress.Row(v), TableLayout.RunSlots.Row(v, v),
                TableLayout.RunLast.Row(v, v), TableLayout.Seen.Partition(v, scope), TableLayout.Idempotency.Row(v),
                TableLayout.RateWindows.Key(v),
            ];
            Assert.All(keys, k => Assert.True(TableKeys.IsValid(k), $"'{k}' built from '{v}'"));
        }
    }

    [Fact]
    public void A_feed_names_the_partition_of_its_records_and_its_changes_and_a_prefix_range_holds_exactly_its_own()
    {
        var scope = new RecordScope("env", "acct", "crm/contacts");
        Assert.Equal(TableLayout.Records.Partition(scope), TableLayout.Changes.Partition(scope));
        Assert.Equal(TableLayout.Devices.ParseRow(TableLayout.Devices.Row(new FeedId("a|b", "crm/contacts"))), new FeedId("a|b", "crm/contacts"));

        var (low, high) = TableLayout.Counters.Environment("env");
        Assert.InRange(string.CompareOrdinal(TableLayout.Counters.Partition("env", "zz~|x"), low), 1, int.MaxValue);
        Assert.True(string.CompareOrdinal(TableLayout.Counters.Partition("env", "zz~|x"), high) < 0);
        Assert.False(string.CompareOrdinal(TableLayout.Counters.Partition("env2", "a"), high) < 0 && string.CompareOrdinal(TableLayout.Counters.Partition("env2", "a"), low) >= 0);
    }

    [Fact]
    public void Revision_keys_sort_like_the_numbers()
    {
        long[] revisions = [0, 1, 9, 10, 99, 100, 123_456_789, long.MaxValue];
        Assert.Equal(revisions, revisions.Reverse().OrderBy(TableLayout.Revision, StringComparer.Ordinal));
    }

    [Fact]
    public void No_store_builds_keys_of_its_own()
    {
        var builders = typeof(TableLayout).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(TableLayout).Namespace && t.DeclaringType is null)
            .Where(t => t != typeof(TableLayout) && t != typeof(TableKeyEncoding) && t != typeof(RecordKeys))
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(string) && KeyBuilderName().IsMatch(m.Name))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();
        Assert.Empty(builders);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();

    [GeneratedRegex("(Partition|Key|Row)$")]
    private static partial Regex KeyBuilderName();
}
