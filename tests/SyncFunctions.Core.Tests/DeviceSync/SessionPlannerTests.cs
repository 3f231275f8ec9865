using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Records;

namespace SyncFunctions.Core.Tests.DeviceSync;

public sealed class SessionPlannerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    private static RecordChange Change(long revision, string id, bool deleted = false, long first = 1, TimeSpan? age = null) =>
        new(revision, "acct", "crm/contacts", id, deleted) { FirstRevision = first, SyncedAt = Now - (age ?? TimeSpan.FromSeconds(1)) };

    private static FeedMark Device(long ackedThrough = 0, long servedThrough = 0) => new(ackedThrough, servedThrough, "etag");

    [Fact]
    public void A_new_device_needs_every_record_once_at_its_newest_revision()
    {
        var plan = SessionPlanner.Plan(Device(), [Change(1, "a"), Change(2, "b"), Change(3, "a"), Change(4, "a")], new HashSet<long>(), Now, Grace);

        Assert.Equal(2, plan.Pending);
        Assert.Equal(4, plan.Head);
        Assert.Equal(1, plan.AckedThrough); // rev 1 is superseded; rev 2 (b) is still needed
    }

    [Fact]
    public void Acked_revisions_are_done_and_the_watermark_moves_over_them_and_their_forgotten_acks()
    {
        var plan = SessionPlanner.Plan(Device(10), [Change(11, "a"), Change(12, "b"), Change(13, "c"), Change(14, "d")], new HashSet<long> { 11, 12, 14 }, Now, Grace);

        Assert.Equal(1, plan.Pending);
        Assert.Equal(12, plan.AckedThrough);
        Assert.Equal([11L, 12L], plan.ForgettableAcks);
    }

    [Fact]
    public void An_ack_of_an_older_revision_does_not_cover_the_newer_one()
    {
        var plan = SessionPlanner.Plan(Device(10), [Change(11, "a"), Change(12, "a")], new HashSet<long> { 11 }, Now, Grace);

        Assert.Equal(1, plan.Pending);
        Assert.Equal(11, plan.AckedThrough);
    }

    [Fact]
    public void A_delete_reaches_a_device_that_may_have_the_record_and_skips_one_that_cannot()
    {
        var changes = new[] { Change(21, "old", deleted: true, first: 5), Change(22, "new", deleted: true, first: 21) };

        var seenUpTo20 = SessionPlanner.Plan(Device(20, servedThrough: 20), changes, new HashSet<long>(), Now, Grace);
        var seenUpTo10 = SessionPlanner.Plan(Device(20, servedThrough: 3), changes, new HashSet<long>(), Now, Grace);
        var unknown = SessionPlanner.Plan(Device(20, servedThrough: 20), [Change(21, "legacy", deleted: true, first: 0)], new HashSet<long>(), Now, Grace);

        Assert.Equal(1, seenUpTo20.Pending);
        Assert.Equal(0, seenUpTo10.Pending);
        Assert.Equal(22, seenUpTo10.AckedThrough);
        Assert.Equal(1, unknown.Pending); // first revision unknown: err towards sending the delete
    }

    [Fact]
    public void The_watermark_stops_at_a_young_hole_and_passes_an_old_one()
    {
        var acked = new HashSet<long> { 11, 14 };

        var young = SessionPlanner.Plan(Device(10), [Change(11, "a"), Change(14, "b", age: TimeSpan.FromMinutes(14))], acked, Now, Grace);
        var old = SessionPlanner.Plan(Device(10), [Change(11, "a"), Change(14, "b", age: TimeSpan.FromMinutes(16))], acked, Now, Grace);
        var untimed = SessionPlanner.Plan(Device(10), [Change(11, "a"), new RecordChange(14, "acct", "crm/contacts", "b", false)], acked, Now, Grace);

        Assert.Equal(11, young.AckedThrough);
        Assert.Equal(14, old.AckedThrough);
        Assert.Equal(11, untimed.AckedThrough);
        Assert.Equal(0, young.Pending);
    }

    [Fact]
    public void Nothing_new_keeps_the_watermark_and_head()
    {
        var plan = SessionPlanner.Plan(Device(30), [], new HashSet<long>(), Now, Grace);

        Assert.Equal(new SessionPlan(0, 30, 30, []), plan with { ForgettableAcks = [] });
    }

    [Fact]
    public void Page_candidates_skip_older_entries_of_a_record_acked_entries_and_deletes_the_device_cannot_need()
    {
        var chunk = new[] { Change(5, "a"), Change(6, "b"), Change(7, "a"), Change(8, "c"), Change(9, "d", deleted: true, first: 9) };

        var candidates = DeviceSyncService.Candidates(chunk, new HashSet<long> { 8 }, previouslyServedThrough: 4);

        Assert.Equal([6L, 7L], candidates.Select(c => c.Revision));
    }
}
