using SyncFunctions.Core.Engine.Pagination;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>
/// The pages one page activity has asked the upstream for and not yet taken, oldest first. Where the pagination can
/// predict the next page (page numbers, offsets with a page size) up to <c>depth</c> pages are fetched at once, on the
/// guess that each page comes back full; a response that says otherwise (a short page, the end, a total reached)
/// drops the guesses after it, unstored. Otherwise one page is fetched ahead. Requests still pass the upstream's rate
/// limiter one by one, so fetching ahead never exceeds the integration's rate.
/// </summary>
public sealed class PageReadAhead<T>(Func<PageState, Task<T>> fetch, Func<PageState, PageState?> predict, int depth)
{
    private readonly int _depth = Math.Max(1, depth);
    private readonly List<(PageState State, Task<T> Page)> _queue = [];

    public bool HasPending => _queue.Count > 0;

    /// <summary>The states asked for and not yet taken, oldest first.</summary>
    public IReadOnlyList<PageState> Pending => _queue.Select(q => q.State).ToList();

    public void Start(PageState first, int mayQueue)
    {
        _queue.Add((first, fetch(first)));
        Fill(Math.Min(_depth, mayQueue));
    }

    /// <summary>The oldest page asked for; its failure is thrown here.</summary>
    public async Task<T> TakeAsync()
    {
        var (_, page) = _queue[0];
        _queue.RemoveAt(0);
        return await page.ConfigureAwait(false);
    }

    /// <summary>
    /// After the taken page said <paramref name="next"/> comes next: keeps the guesses that match it, drops the rest, and
    /// asks ahead again, at most <paramref name="mayQueue"/> pages in all (0: the budget is spent, drop everything).
    /// </summary>
    public async Task ContinueAsync(PageState next, int mayQueue)
    {
        var keep = !next.Done && mayQueue > 0 && _queue.Count > 0 && _queue[0].State == next;
        if (!keep)
        {
            await DropAllAsync().ConfigureAwait(false);
            if (next.Done || mayQueue <= 0)
            {
                return;
            }

            _queue.Add((next, fetch(next)));
        }

        Fill(Math.Min(_depth, mayQueue));
    }

    /// <summary>Waits for the pages asked for and forgets them; whatever they met, the next call meets again.</summary>
    public async Task DropAllAsync()
    {
        var dropped = _queue.Select(q => q.Page).ToList();
        _queue.Clear();
        foreach (var page in dropped)
        {
            try
            {
                await page.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Dropped on purpose: the page is fetched again from its position.
            }
        }
    }

    private void Fill(int size)
    {
        while (_queue.Count < size && predict(_queue[^1].State) is { } guess)
        {
            _queue.Add((guess, fetch(guess)));
        }
    }
}
