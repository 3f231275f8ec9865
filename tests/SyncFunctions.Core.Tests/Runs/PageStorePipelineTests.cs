using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>Pages stored several at once: counted in page order, never two writes of one record at once, a bounded gap.</summary>
public sealed class PageStorePipelineTests
{
    private static PageWork Page(int index) => new("env", "run", 0, 0, new PageState { Index = index });

    private static PageOutcome Outcome(int index, long created = 1) =>
        new(new PageState { Index = index + 1 }, created, 0, created, 0, 0, 0, 0, null);

    private static HashSet<string> Ids(params string[] ids) => new(ids, StringComparer.Ordinal);

    [Fact]
    public async Task Pages_finishing_out_of_order_are_counted_in_page_order()
    {
        var reported = new List<int>();
        var pipeline = new PageStorePipeline(4, (total, _) =>
        {
            reported.Add(total.Next.Index);
            return Task.CompletedTask;
        });
        var stores = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<PageOutcome>()).ToList();
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await pipeline.WaitForRoomAsync(Ids($"r{i}"), default));
            Assert.Null(await pipeline.AddAsync(Page(i), Ids($"r{i}"), stores[i].Task, default));
        }

        stores[2].SetResult(Outcome(2));
        stores[1].SetResult(Outcome(1));
        Assert.Empty(reported); // page 0 is still being written: nothing after it counts yet

        stores[0].SetResult(Outcome(0));
        var run = await pipeline.EndAsync(null, null, default);

        Assert.Equal([1, 2, 3], reported);
        Assert.Equal(3, run.Outcome!.Created);
        Assert.Equal(3, run.Outcome.Next.Index);
    }

    [Fact]
    public async Task A_page_sharing_a_record_with_a_page_in_flight_waits_for_it()
    {
        var pipeline = new PageStorePipeline(4, null);
        var first = new TaskCompletionSource<PageOutcome>();
        await pipeline.AddAsync(Page(0), Ids("a", "shared"), first.Task, default);

        var unrelated = pipeline.WaitForRoomAsync(Ids("b"), default);
        var sharing = pipeline.WaitForRoomAsync(Ids("c", "shared"), default);

        Assert.True(unrelated.IsCompleted);
        Assert.False(sharing.IsCompleted);
        first.SetResult(Outcome(0));
        Assert.Null(await sharing);
    }

    [Fact]
    public async Task No_more_than_the_concurrency_are_written_at_once()
    {
        var pipeline = new PageStorePipeline(2, null);
        var stores = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<PageOutcome>()).ToList();
        await pipeline.AddAsync(Page(0), Ids("a"), stores[0].Task, default);
        await pipeline.AddAsync(Page(1), Ids("b"), stores[1].Task, default);

        var third = pipeline.WaitForRoomAsync(Ids("c"), default);
        Assert.False(third.IsCompleted);
        stores[1].SetResult(Outcome(1));
        Assert.Null(await third);
    }

    [Fact]
    public async Task Finished_pages_behind_an_unfinished_one_are_bounded()
    {
        var pipeline = new PageStorePipeline(2, null);
        var head = new TaskCompletionSource<PageOutcome>();
        await pipeline.AddAsync(Page(0), Ids("p0"), head.Task, default);
        for (var i = 1; i < 4; i++)
        {
            Assert.Null(await pipeline.WaitForRoomAsync(Ids($"p{i}"), default));
            await pipeline.AddAsync(Page(i), Ids($"p{i}"), Task.FromResult(Outcome(i)), default);
        }

        // Four pages started, three finished behind page 0: the gap is full until page 0 is stored.
        var next = pipeline.WaitForRoomAsync(Ids("p4"), default);
        Assert.False(next.IsCompleted);
        head.SetResult(Outcome(0));
        Assert.Null(await next);
        Assert.Equal(0, pipeline.InFlight);
    }

    [Fact]
    public async Task A_page_error_counts_the_pages_before_it_and_names_the_failed_page()
    {
        var pipeline = new PageStorePipeline(4, null);
        var failing = new TaskCompletionSource<PageOutcome>();
        await pipeline.AddAsync(Page(0), Ids("a"), failing.Task.ContinueWith(_ => Outcome(0), TaskScheduler.Default), default);
        await pipeline.AddAsync(Page(1), Ids("b"), failing.Task, default);
        await pipeline.AddAsync(Page(2), Ids("c"), Task.FromResult(Outcome(2)), default);
        failing.SetException(new ConfigurationException("gone", "The integration is gone."));

        // The page after the failed one was stored, but does not count: a retry starts at the failed page.
        var run = await pipeline.EndAsync(null, null, default);

        Assert.Equal(1, run.Outcome!.Created);
        Assert.Equal(1, run.FailedPage!.State!.Index);
        Assert.Equal("gone", run.Error!.Code);
    }

    [Fact]
    public async Task A_storage_failure_is_thrown_after_the_pages_before_it_are_counted()
    {
        var counted = 0;
        var pipeline = new PageStorePipeline(4, (total, _) =>
        {
            counted = (int)total.Created;
            return Task.CompletedTask;
        });
        await pipeline.AddAsync(Page(0), Ids("a"), Task.FromResult(Outcome(0)), default);
        var failing = new TaskCompletionSource<PageOutcome>();
        await pipeline.AddAsync(Page(1), Ids("b"), failing.Task, default);
        failing.SetException(new IOException("storage went away"));

        await Assert.ThrowsAsync<IOException>(() => pipeline.EndAsync(null, null, default));
        Assert.Equal(1, counted);
    }
}
