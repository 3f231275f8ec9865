namespace SyncFunctions.Core.Runs.Pages;

/// <summary>
/// Where a page's records go, the engine's outbound port: the record store (with change detection), a webhook
/// (page delivery), and the parent records a depends_on child reads. The page engine fetches, extracts and maps;
/// the sink decides nothing about the upstream.
/// </summary>
public interface IPageSink
{
    /// <param name="fence">
    /// Reads the run and throws <see cref="RunEndedException"/> when it is over; the sink calls it before it writes
    /// anything, so a stop stored while the page was fetched keeps the page from writing.
    /// </param>
    Task<PageTaken> TakeAsync(PageRecords page, Func<CancellationToken, Task<SyncJobRun>> fence, CancellationToken ct);
}
