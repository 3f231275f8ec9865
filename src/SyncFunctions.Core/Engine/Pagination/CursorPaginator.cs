using System.Globalization;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>
/// The body carries the next cursor (<c>cursor_path</c>), sent back as <c>cursor_param</c>. Stops when the
/// cursor is missing, null or empty — or equal to the one just sent, which would otherwise loop forever.
/// </summary>
public sealed class CursorPaginator(PaginationDefinition definition) : IPaginator
{
    private readonly string _cursorParam = definition.CursorParam ?? PaginationDefaults.CursorParam;
    private readonly string _sizeParam = definition.PageSizeParam ?? PaginationDefaults.CursorSizeParam;
    private readonly int? _pageSize = definition.PageSize;
    private readonly JsonPath _cursorPath = JsonPath.Parse(definition.CursorPath
        ?? throw new ConfigurationException(EngineErrorCodes.UnsupportedPagination, "cursor pagination needs cursor_path.", "pagination.cursor_path"));

    public PageState Start() => new();

    public void Apply(PageState state, UpstreamRequestBuilder request)
    {
        Paginators.EnsureNotDone(state);
        if (state.Cursor is { } cursor)
        {
            request.SetQuery(_cursorParam, cursor);
        }
        if (_pageSize is { } size)
        {
            request.SetQuery(_sizeParam, size.ToString(CultureInfo.InvariantCulture));
        }
    }

    public PageState Next(PageState current, UpstreamPage page)
    {
        var cursor = BodyValues.Text(page.Body, _cursorPath, "cursor");
        return cursor is null || cursor == current.Cursor
            ? PageState.After(current)
            : current with { Cursor = cursor, Index = current.Index + 1 };
    }
}
