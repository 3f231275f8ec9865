using System.Globalization;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>
/// <c>?page=N&amp;per_page=S</c>. Stops on an empty page, a page shorter than the page size, or when
/// <c>total_path</c> says the pages so far cover the total — whichever comes first, so a known total saves
/// the extra empty request.
/// </summary>
public sealed class PageNumberPaginator(PaginationDefinition definition) : IPaginator
{
    private readonly string _pageParam = definition.PageParam ?? PaginationDefaults.PageParam;
    private readonly string _sizeParam = definition.PageSizeParam ?? PaginationDefaults.PageNumberSizeParam;
    private readonly int _startPage = definition.StartPage ?? PaginationDefaults.StartPage;
    private readonly int? _pageSize = definition.PageSize;
    private readonly JsonPath? _totalPath = definition.TotalPath is null ? null : JsonPath.Parse(definition.TotalPath);

    public PageState Start() => new() { Page = _startPage };

    public void Apply(PageState state, UpstreamRequestBuilder request)
    {
        Paginators.EnsureNotDone(state);
        request.SetQuery(_pageParam, (state.Page ?? _startPage).ToString(CultureInfo.InvariantCulture));
        if (_pageSize is { } size)
        {
            request.SetQuery(_sizeParam, size.ToString(CultureInfo.InvariantCulture));
        }
    }

    public PageState Next(PageState current, UpstreamPage page)
    {
        var pageNumber = current.Page ?? _startPage;
        if (page.RecordCount == 0 || (_pageSize is { } size && page.RecordCount < size))
        {
            return PageState.After(current);
        }
        var total = BodyValues.Count(page.Body, _totalPath);
        if (_pageSize is { } s && total is { } known && (pageNumber - _startPage + 1) * s >= known)
        {
            return PageState.After(current);
        }
        return current with { Page = pageNumber + 1, Index = current.Index + 1, Total = total };
    }

    /// <summary>Only a listing whose size is known (a page size and a total) is predicted, and never past its end.</summary>
    public PageState? Predict(PageState current)
    {
        if (_pageSize is not { } size || current.Total is not { } total || current.Done)
        {
            return null;
        }

        var pageNumber = current.Page ?? _startPage;
        return (pageNumber - _startPage + 1) * size >= total ? null : current with { Page = pageNumber + 1, Index = current.Index + 1 };
    }
}
