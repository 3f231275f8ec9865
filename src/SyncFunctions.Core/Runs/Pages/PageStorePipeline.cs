using SyncFunctions.Core.Engine;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>
/// The pages of one page activity being stored, up to <c>concurrency</c> at once, counted in page order however their
/// stores finish. A page waits while a page in flight shares a record id with it (two writes of one record never
/// race), and while the pages finished behind an unfinished one reach twice the concurrency (a crash then redoes a
/// bounded stretch). Only the stretch stored without a gap counts: a retry starts after it, and rewrites what later
/// pages stored harmlessly (change detection).
/// </summary>
public sealed class PageStorePipeline(int concurrency, Func<PageOutcome, CancellationToken, Task>? pageDone)
{
    private readonly int _concurrency = Math.Max(1, concurrency);
    private readonly List<StoringPage> _inFlight = [];
    private PageOutcome? _total;

    /// <summary>A page being stored, and the record ids it writes.</summary>
    private sealed record StoringPage(PageWork Page, IReadOnlySet<string> Ids, Task<PageOutcome> Store);

    /// <summary>Pages started and not yet counted.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Waits until a page writing <paramref name="ids"/> may start; the call's result if a finished page ends it meanwhile.</summary>
    public async Task<PageRun?> WaitForRoomAsync(IReadOnlySet<string> ids, CancellationToken ct)
    {
        while (true)
        {
            var pending = _inFlight.Where(p => !p.Store.IsCompleted).ToList();
            var gapFull = _inFlight.Count >= 2 * _concurrency;
            if (pending.Count < _concurrency && !gapFull && !pending.Any(p => p.Ids.Overlaps(ids)))
            {
                return null;
            }

            // A full gap means the oldest page is unfinished (finished heads are counted at once): wait for it.
            await Task.WhenAny((gapFull ? _inFlight.Take(1) : pending).Select(p => p.Store)).ConfigureAwait(false);
            if (await HarvestAsync(ct).ConfigureAwait(false) is { } ended)
            {
                return ended;
            }
        }
    }

    /// <summary>Starts counting <paramref name="store"/>; the call's result if a finished page ends it.</summary>
    public Task<PageRun?> AddAsync(PageWork page, IReadOnlySet<string> ids, Task<PageOutcome> store, CancellationToken ct)
    {
        _inFlight.Add(new StoringPage(page, ids, store));
        return HarvestAsync(ct);
    }

    /// <summary>Waits for every page in flight, then ends the call: with <paramref name="failed"/> unless a stored page ended it first.</summary>
    public async Task<PageRun> EndAsync(PageWork? failed, SyncEngineException? error, CancellationToken ct)
    {
        while (_inFlight.Count > 0)
        {
            await ObserveAsync(_inFlight[0].Store).ConfigureAwait(false);
            if (await HarvestAsync(ct).ConfigureAwait(false) is { } ended)
            {
                return ended;
            }
        }

        return new PageRun(_total, failed, error);
    }

    /// <summary>Waits for whatever is still being written, without judging it: a call that ends early leaves no write running.</summary>
    public Task DrainAsync() => Task.WhenAll(_inFlight.Select(p => ObserveAsync(p.Store)));

    /// <summary>
    /// Counts the finished pages at the head, in order. A page error or a record error under fail_fast ends the call
    /// (returned); any other failure (storage, the run ended) is thrown.
    /// </summary>
    private async Task<PageRun?> HarvestAsync(CancellationToken ct)
    {
        while (_inFlight.Count > 0 && _inFlight[0].Store.IsCompleted)
        {
            var head = _inFlight[0];
            _inFlight.RemoveAt(0);
            PageOutcome outcome;
            try
            {
                outcome = await head.Store.ConfigureAwait(false);
            }
            catch (SyncEngineException error)
            {
                return new PageRun(_total, head.Page, error);
            }

            _total = _total is null ? outcome : _total.Add(outcome);
            if (pageDone is not null)
            {
                await pageDone(_total, ct).ConfigureAwait(false);
            }

            if (outcome.RecordFailure is not null)
            {
                return new PageRun(_total, null, null);
            }
        }

        return null;
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Read where the page is counted, or rethrown there.
        }
    }
}
