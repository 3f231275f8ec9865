namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>
/// Where a paginated listing is: small and serializable, so it can cross Durable activity boundaries and be
/// stored to resume or retry one page. Which member is used depends on the pagination style.
/// </summary>
public sealed record PageState
{
    /// <summary>page_number: the page to request.</summary>
    public long? Page { get; init; }

    /// <summary>offset: the offset to request.</summary>
    public long? Offset { get; init; }

    /// <summary>cursor: the cursor to send (null on the first page).</summary>
    public string? Cursor { get; init; }

    /// <summary>next_url / link_header: the absolute URL of the page (null on the first page).</summary>
    public string? NextUrl { get; init; }

    /// <summary>How many pages came before this one (0 for the first); on a done state, how many pages there were.</summary>
    public int Index { get; init; }

    /// <summary>
    /// page_number / offset with a <c>total_path</c>: the total the last response gave. With a page size it makes the
    /// listing random access: the pages left are known, and may be fetched at once (<see cref="IPaginator.Predict"/>).
    /// </summary>
    public long? Total { get; init; }

    /// <summary>There is no page here: the listing is complete.</summary>
    public bool Done { get; init; }

    /// <summary>The state that ends a listing after <paramref name="current"/>.</summary>
    public static PageState After(PageState current) => current with { Index = current.Index + 1, Done = true };
}
