using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>
/// The body carries the next page's URL (<c>next_url_path</c>), requested verbatim: the endpoint's path and
/// query (including the incremental filter) are already in it. Relative URLs resolve against the request URL.
/// Stops when the URL is missing or null, or repeats the page just fetched.
/// </summary>
public sealed class NextUrlPaginator(PaginationDefinition definition) : IPaginator
{
    private readonly string _sizeParam = definition.PageSizeParam ?? PaginationDefaults.NextUrlSizeParam;
    private readonly int? _pageSize = definition.PageSize;
    private readonly JsonPath _nextUrlPath = JsonPath.Parse(definition.NextUrlPath
        ?? throw new ConfigurationException(EngineErrorCodes.UnsupportedPagination, "next_url pagination needs next_url_path.", "pagination.next_url_path"));

    public PageState Start() => new();

    public void Apply(PageState state, UpstreamRequestBuilder request) => Paginators.ApplyLink(state, request, _pageSize, _sizeParam);

    public PageState Next(PageState current, UpstreamPage page)
    {
        var link = BodyValues.Text(page.Body, _nextUrlPath, "next URL");
        return link is null ? PageState.After(current) : Paginators.FollowLink(current, page, link, $"the body at {_nextUrlPath}");
    }
}
