namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>
/// One pagination style. Stateless: all progress is in <see cref="PageState"/>, so any page can be
/// fetched again from its state alone (retries, ContinueAsNew, rerunning failed pages).
/// </summary>
public interface IPaginator
{
    /// <summary>The state of the first page.</summary>
    PageState Start();

    /// <summary>Adds what the page at <paramref name="state"/> needs to the request (parameters, or a verbatim URL).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="state"/> is done.</exception>
    void Apply(PageState state, UpstreamRequestBuilder request);

    /// <summary>The state after <paramref name="current"/> given its response; <see cref="PageState.Done"/> when there is no next page.</summary>
    /// <exception cref="UpstreamDataException">The response points somewhere it must not (e.g. a next URL on another host).</exception>
    PageState Next(PageState current, UpstreamPage page);

    /// <summary>
    /// The state <see cref="Next"/> will give after <paramref name="current"/> if that page comes back full, when the
    /// style can say so without the response (page numbers, offsets with a page size): such pages may be fetched
    /// ahead, concurrently. Null when only the response knows (cursors, links).
    /// </summary>
    PageState? Predict(PageState current) => null;
}
