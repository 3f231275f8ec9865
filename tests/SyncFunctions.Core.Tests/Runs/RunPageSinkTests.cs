using System.Reflection;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Records;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>Where a page's records go is the sink's business: the page engine holds no store, webhook or definition.</summary>
public sealed class RunPageSinkTests
{
    private static readonly SyncJobRun Run = TestRuns.New(RunStatus.Running) with { FullSync = true };

    private static ExtractedRecords Records(params (string Id, bool Deleted)[] records) => new(
        records.Select((r, i) => new ExtractedRecord(r.Id, new JsonObject { ["id"] = r.Id }, null, r.Deleted, "hash-" + r.Id, i, 10)).ToList(),
        []);

    private static SyncJobPlanEntry Entry(bool persist, params int[] children) =>
        new(0, "crm/contacts", "list", new SyncJobResource { Resource = "crm/contacts", Method = "list" }, null, children, null, [new SyncJobPlanUnit(0, 0, null)], persist);

    private static PageRecords Page(SyncJobPlanEntry entry, ExtractedRecords records, bool trackDeletes = false) =>
        new(new PageWork("env", Run.Id, 0, 0, new PageState()), Run, entry, new ResourceDefinition { TrackDeletes = trackDeletes }, new PageState(), new PageState { Index = 1, Done = true }, records);

    public static TheoryData<Type, Type, Type[]> EngineHalves() => new()
    {
        // The runner stores through the sink port: no store, webhook, definition or upstream of its own.
        { typeof(PageRunner), typeof(IPageSink), [typeof(IRecordStore), typeof(WebhookPageDelivery), typeof(IIntegrationStore), typeof(UnifiedCatalogLoader), typeof(IUpstreamClient)] },

        // The fetcher reads the upstream: no store, sink, run or definition.
        { typeof(PageFetcher), typeof(IUpstreamClient), [typeof(IPageSink), typeof(IRecordStore), typeof(IRunStore), typeof(IIntegrationStore), typeof(UnifiedCatalogLoader)] },
    };

    [Theory]
    [MemberData(nameof(EngineHalves))]
    public void Each_half_of_the_page_engine_holds_its_own_port_and_not_the_others(Type half, Type port, Type[] notHeld)
    {
        var parameters = half.GetConstructors().Single().GetParameters().Select(p => p.ParameterType).ToList();

        Assert.Contains(port, parameters);
        Assert.All(notHeld, t => Assert.DoesNotContain(t, parameters));
    }

    [Fact]
    public async Task A_stored_page_passes_the_fence_before_anything_is_written_and_marks_what_a_full_listing_saw()
    {
        var (store, storeCalls) = Fake<IRecordStore>.New((method, args) => method.Name switch
        {
            nameof(IRecordStore.PersistAsync) => PersistAsync(args),
            nameof(IRecordStore.MarkSeenAsync) => Task.CompletedTask,
            _ => throw new NotSupportedException(method.Name),
        });
        var (parents, parentCalls) = Fake<IRunParentStore>.New((method, _) => method.Name == nameof(IRunParentStore.SaveAsync) ? Task.CompletedTask : throw new NotSupportedException(method.Name));
        var sink = new RunPageSink(store, parents, new WebhookPageDelivery(null!));
        var fenced = 0;

        var taken = await sink.TakeAsync(Page(Entry(persist: true, 1), Records(("1", false), ("2", true)), trackDeletes: true), _ => { fenced++; return Task.FromResult(Run); }, default);

        Assert.Equal(1, fenced);
        Assert.Equal((2L, 2L), (taken.Outcome.Fetched, taken.Outcome.Created));
        Assert.Equal(["PersistAsync", "MarkSeenAsync"], storeCalls.Made.Select(c => c.Method));
        Assert.Equal(["1"], (IReadOnlyList<string>)storeCalls.Made[1].Args[2]!);
        Assert.Equal(["1"], ((IReadOnlyList<ParentRecord>)parentCalls.Made.Single().Args[3]!).Select(p => p.Data["id"]!.GetValue<string>()));

        static async Task<PersistOutcome> PersistAsync(object?[] args)
        {
            await ((Func<CancellationToken, Task>)args[4]!)(default);
            var records = (IReadOnlyList<IncomingRecord>)args[2]!;
            return new PersistOutcome(records.Count, 0, 0, 0, [], null);
        }
    }

    [Fact]
    public async Task A_page_of_an_ended_run_writes_nothing()
    {
        var (store, storeCalls) = Fake<IRecordStore>.New((method, args) => method.Name == nameof(IRecordStore.PersistAsync)
            ? ((Func<CancellationToken, Task>)args[4]!)(default).ContinueWith(t => { t.GetAwaiter().GetResult(); return new PersistOutcome(0, 0, 0, 0, [], null); }, TaskScheduler.Default)
            : throw new NotSupportedException(method.Name));
        var (parents, parentCalls) = Fake<IRunParentStore>.New((method, _) => throw new NotSupportedException(method.Name));
        var sink = new RunPageSink(store, parents, new WebhookPageDelivery(null!));

        foreach (var persist in new[] { true, false })
        {
            await Assert.ThrowsAsync<RunEndedException>(() => sink.TakeAsync(Page(Entry(persist, 1), Records(("1", false))), _ => throw new RunEndedException(Run.Id, RunStatus.Stopped), default));
        }

        Assert.Empty(parentCalls.Made);
        Assert.Single(storeCalls.Made); // the persist that the fence refused
    }

    [Fact]
    public async Task A_parent_entry_that_is_not_persisted_keeps_its_records_for_its_children_only()
    {
        var (store, storeCalls) = Fake<IRecordStore>.New((method, _) => throw new NotSupportedException(method.Name));
        var (parents, parentCalls) = Fake<IRunParentStore>.New((method, _) => method.Name == nameof(IRunParentStore.SaveAsync) ? Task.CompletedTask : throw new NotSupportedException(method.Name));
        var sink = new RunPageSink(store, parents, new WebhookPageDelivery(null!));

        var taken = await sink.TakeAsync(Page(Entry(persist: false, 1), Records(("1", false), ("2", false), ("3", true))), _ => Task.FromResult(Run), default);

        Assert.Empty(storeCalls.Made);
        Assert.Equal((3L, 0L), (taken.Outcome.Fetched, taken.Outcome.Persisted));
        var saved = (IReadOnlyList<ParentRecord>)parentCalls.Made.Single().Args[3]!;
        Assert.Equal(["1", "2"], saved.Select(p => p.Data["id"]!.GetValue<string>()));
        Assert.Equal(saved.Select(p => RunParentKeys.For(0, null, p.Data["id"]!.GetValue<string>())), saved.Select(p => p.Key));
    }

    /// <summary>An interface whose calls are recorded and answered by a function.</summary>
    public class Fake<T> : DispatchProxy
        where T : class
    {
        public List<(string Method, object?[] Args)> Made { get; } = [];

        private Func<MethodInfo, object?[], object?> _answer = (m, _) => throw new NotSupportedException(m.Name);

        public static (T Proxy, Fake<T> Calls) New(Func<MethodInfo, object?[], object?> answer)
        {
            var proxy = Create<T, Fake<T>>();
            var calls = (Fake<T>)(object)proxy;
            calls._answer = answer;
            return (proxy, calls);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            lock (Made)
            {
                Made.Add((targetMethod!.Name, args ?? []));
            }

            return _answer(targetMethod!, args ?? []);
        }
    }
}
