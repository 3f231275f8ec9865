using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SyncFunctions.Core.Records;
using SyncFunctions.Storage.Tables;

namespace SyncFunctions.Tests.Records;

/// <summary>
/// Generated pages on Azurite against <see cref="ReferenceStore"/>: whatever the order of a page's
/// ids (ordered slices, scattered, shuffled, with duplicates, escaping, over-long or never-stored
/// deletes) and however much is stored around them, the outcome, the rows written and their first
/// revisions are the reference's.
/// </summary>
public sealed class PersistEquivalenceTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const int Numbers = 400;

    private static readonly string[] Seams =
    [
        "0", "007", "-1", "!", "!a", "!019", "!0210", "100%", "a/b", "x#y", "q?", "ü", "é1", "🚀", "\uE000x", "\uD83D\uDE80a",
        new string('9', 99), new string('7', 150), new string('k', 512), new string('k', 513), new string('/', 171), "!" + new string('k', 511),
    ];

    private readonly IRecordStore _store = fixture.App.Get<IRecordStore>();

    private static Gen<string> Number(int from, int to) => Gen.Choose(from, to).Select(i => i.ToString(CultureInfo.InvariantCulture));

    private static Gen<Op> OpFor(Gen<string> ids) =>
        from id in ids
        from variant in Gen.Choose(0, 2)
        from deleted in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Op(id, variant, deleted);

    private static Gen<Op> AnyOp { get; } = OpFor(Gen.Frequency((6, Number(1, Numbers + 20)), (2, Gen.Elements(Seams)), (1, Number(0, 20))));

    private static Gen<IReadOnlyList<Op>> Page { get; } = Gen.OneOf(
        // Scattered and shuffled, duplicates likely.
        Gen.Choose(0, 60).SelectMany(n => AnyOp.ListOf(n)).Select(l => (IReadOnlyList<Op>)l.ToList()),

        // An id-ordered slice, as upstreams page, sometimes with gaps, sometimes reversed.
        from start in Gen.Choose(0, Numbers)
        from step in Gen.Choose(1, 4)
        from count in Gen.Choose(1, 100)
        from reversed in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from ops in Gen.CollectToList(Enumerable.Range(0, count), i => OpFor(Gen.Constant((start + (i * step)).ToString(CultureInfo.InvariantCulture))))
        select (IReadOnlyList<Op>)(reversed ? ops.AsEnumerable().Reverse().ToList() : ops.ToList()),

        // A few ids, many times over.
        Gen.Choose(1, 40).SelectMany(n => OpFor(Gen.Elements("1", "2", "10", "!019", "a/b", new string('k', 513))).ListOf(n)).Select(l => (IReadOnlyList<Op>)l.ToList()));

    private static Gen<Scenario> Scenarios { get; } =
        from stored in Gen.Choose(0, 100).Select(percent => Enumerable.Range(1, Numbers).Where(i => (i * 7919 % 100) < percent).ToArray())
        from order in Gen.Choose(0, int.MaxValue)
        from pages in Gen.Choose(1, 4).SelectMany(n => Page.ListOf(n))
        select new Scenario(Shuffled(stored, order).Select(i => new Op(i.ToString(CultureInfo.InvariantCulture), 0, false)).ToList(), pages.ToList());

    private static int[] Shuffled(int[] ids, int seed)
    {
        var copy = ids.ToArray();
        new Random(seed).Shuffle(copy);
        return copy;
    }

    [Fact]
    public void Any_sequence_of_pages_persists_as_the_reference_says()
    {
        Prop.ForAll(Scenarios.ToArbitrary(), scenario => Task.Run(() => RunAsync(scenario)).Wait())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    private async Task RunAsync(Scenario scenario)
    {
        var scope = new RecordScope(Guid.NewGuid().ToString(), "acct", "crm/contacts");
        var reference = new ReferenceStore();
        var head = 0L;
        foreach (var page in scenario.Pages.Prepend(scenario.Seed))
        {
            head = await PersistAndCompareAsync(scope, reference, page.Select(Incoming).ToList(), head);
        }

        var stored = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
        await foreach (var record in _store.ReadAllAsync(scope, default))
        {
            stored.Add(record.Id, record);
        }

        Assert.Equal(reference.Rows.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        Assert.All(reference.Rows, r => Assert.Equal(r.Value, new ReferenceStore.Row(stored[r.Key].ContentHash, stored[r.Key].Deleted, stored[r.Key].Revision, stored[r.Key].FirstRevision)));
    }

    private async Task<long> PersistAndCompareAsync(RecordScope scope, ReferenceStore reference, IReadOnlyList<IncomingRecord> page, long head)
    {
        var (expected, writes) = reference.Expect(page);

        var outcome = await _store.PersistAsync(scope, "run", page, default);

        Assert.Equal((expected.Created, expected.Updated, expected.Deleted, expected.Unchanged), (outcome.Created, outcome.Updated, outcome.Deleted, outcome.Unchanged));
        Assert.Equal(expected.Rejected, outcome.Rejected);
        var feed = await _store.ReadChangesAsync(scope, head, long.MaxValue, 10_000, default);
        Assert.Equal(writes.Keys.Order(StringComparer.Ordinal), feed.Select(c => c.Id).Order(StringComparer.Ordinal));
        var latest = page.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        foreach (var change in feed)
        {
            var (deleted, first) = writes[change.Id];
            Assert.Equal(deleted, change.Deleted);
            Assert.Equal(first ?? change.Revision, change.FirstRevision);
            reference.Apply(latest[change.Id], change.Revision, change.FirstRevision);
        }

        return feed.Count == 0 ? head : feed.Max(c => c.Revision);
    }

    private static IncomingRecord Incoming(Op op) => new(
        op.Id,
        "v" + op.Variant.ToString(CultureInfo.InvariantCulture),
        op.Deleted ? null : new JsonObject { ["id"] = op.Id, ["v"] = op.Variant },
        null,
        op.Deleted);

    internal sealed record Op(string Id, int Variant, bool Deleted)
    {
        public override string ToString() => $"{(Id.Length > 12 ? Id[..6] + "…×" + Id.Length : Id)}:{Variant}{(Deleted ? "x" : "")}";
    }

    internal sealed record Scenario(IReadOnlyList<Op> Seed, IReadOnlyList<IReadOnlyList<Op>> Pages)
    {
        public override string ToString() =>
            $"seed {Seed.Count} ids; pages: " + string.Join(" | ", Pages.Select(p => string.Join(' ', p)));
    }
}
