using System.Globalization;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>Chooses the paginator for an endpoint's pagination definition.</summary>
public static class Paginators
{
    /// <summary>The paginator for <paramref name="definition"/> (null or type <c>none</c>: a single page).</summary>
    /// <exception cref="ConfigurationException">Unknown type or a missing required member.</exception>
    public static IPaginator For(PaginationDefinition? definition)
    {
        if (definition is null)
        {
            return NoPaginator.Instance;
        }
        try
        {
            return definition.Type switch
            {
                null or PaginationTypes.None => NoPaginator.Instance,
                PaginationTypes.PageNumber => new PageNumberPaginator(definition),
                PaginationTypes.Offset => new OffsetPaginator(definition),
                PaginationTypes.Cursor => new CursorPaginator(definition),
                PaginationTypes.NextUrl => new NextUrlPaginator(definition),
                PaginationTypes.LinkHeader => new LinkHeaderPaginator(definition),
                _ => throw new ConfigurationException(EngineErrorCodes.UnsupportedPagination,
                    $"Pagination type '{definition.Type}' is not supported.", "pagination.type"),
            };
        }
        catch (FormatException ex)
        {
            throw new ConfigurationException(EngineErrorCodes.UnsupportedPagination, $"A pagination path is not valid: {ex.Message}", "pagination");
        }
    }

    internal static void EnsureNotDone(PageState state)
    {
        if (state.Done)
        {
            throw new InvalidOperationException("The listing is complete; a done page state has no request.");
        }
    }

    /// <summary>First page: the endpoint as built plus the page size; later pages: the link, verbatim.</summary>
    internal static void ApplyLink(PageState state, UpstreamRequestBuilder request, int? pageSize, string sizeParam)
    {
        EnsureNotDone(state);
        if (state.NextUrl is { } next)
        {
            request.UseVerbatimUrl(new Uri(next, UriKind.Absolute));
        }
        else if (pageSize is { } size)
        {
            request.SetQuery(sizeParam, size.ToString(CultureInfo.InvariantCulture));
        }
    }

    internal static PageState FollowLink(PageState current, UpstreamPage page, string link, string source)
    {
        var next = NextLinks.Resolve(link, page.RequestUrl, source);
        // A link back to the page just fetched would loop forever.
        return next.AbsoluteUri == page.RequestUrl.AbsoluteUri || next.AbsoluteUri == current.NextUrl
            ? PageState.After(current)
            : current with { NextUrl = next.AbsoluteUri, Index = current.Index + 1 };
    }
}
