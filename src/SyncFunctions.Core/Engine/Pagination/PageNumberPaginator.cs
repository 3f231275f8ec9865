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
        if (_pageSize is { } s && BodyValues.Count(page.Body, _totalPath) is { } total && (pageNumber - _startPage + 1) * s >= total)
        {
            return PageState.After(current);
        }
        return current with { Page = pageNumber + 1, Index = current.Index + 1 };
    }
}
