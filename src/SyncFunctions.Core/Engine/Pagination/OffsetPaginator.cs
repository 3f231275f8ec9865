using System.Globalization;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>
/// <c>?offset=O&amp;limit=S</c>. The offset advances by the page size (or, without one, by the records received).
/// Stops on an empty page, a short page, or when the next offset reaches <c>total_path</c>'s total.
/// </summary>
public sealed class OffsetPaginator(PaginationDefinition definition) : IPaginator
{
    private readonly string _offsetParam = definition.OffsetParam ?? PaginationDefaults.OffsetParam;
    private readonly string _sizeParam = definition.PageSizeParam ?? PaginationDefaults.OffsetSizeParam;
    private readonly int? _pageSize = definition.PageSize;
    private readonly JsonPath? _totalPath = definition.TotalPath is null ? null : JsonPath.Parse(definition.TotalPath);

    public PageState Start() => new() { Offset = 0 };

    public void Apply(PageState state, UpstreamRequestBuilder request)
    {
        Paginators.EnsureNotDone(state);
        request.SetQuery(_offsetParam, (state.Offset ?? 0).ToString(CultureInfo.InvariantCulture));
        if (_pageSize is { } size)
        {
            request.SetQuery(_sizeParam, size.ToString(CultureInfo.InvariantCulture));
        }
    }

    public PageState Next(PageState current, UpstreamPage page)
    {
        if (page.RecordCount == 0 || (_pageSize is { } size && page.RecordCount < size))
        {
            return PageState.After(current);
        }
        var next = (current.Offset ?? 0) + (_pageSize ?? page.RecordCount);
        var total = BodyValues.Count(page.Body, _totalPath);
        if (total is { } known && next >= known)
        {
            return PageState.After(current);
        }
        return current with { Offset = next, Index = current.Index + 1, Total = total };
    }

    /// <summary>Only a listing whose size is known (a page size and a total) is predicted, and never past its end.</summary>
    public PageState? Predict(PageState current)
    {
        if (_pageSize is not { } size || current.Total is not { } total || current.Done)
        {
            return null;
        }

        var next = (current.Offset ?? 0) + size;
        return next >= total ? null : current with { Offset = next, Index = current.Index + 1 };
    }
}
