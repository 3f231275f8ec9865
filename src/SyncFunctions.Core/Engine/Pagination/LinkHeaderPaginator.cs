using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>GitHub style: the RFC 8288 <c>Link</c> header's <c>rel="next"</c> target, requested verbatim. Stops when there is none.</summary>
public sealed class LinkHeaderPaginator(PaginationDefinition definition) : IPaginator
{
    private readonly string _sizeParam = definition.PageSizeParam ?? PaginationDefaults.LinkHeaderSizeParam;
    private readonly int? _pageSize = definition.PageSize;

    public PageState Start() => new();

    public void Apply(PageState state, UpstreamRequestBuilder request) => Paginators.ApplyLink(state, request, _pageSize, _sizeParam);

    public PageState Next(PageState current, UpstreamPage page)
    {
        var next = LinkHeader.FindTarget(page.HeaderValues("Link"), "next");
        return next is null ? PageState.After(current) : Paginators.FollowLink(current, page, next, "the Link header");
    }
}
