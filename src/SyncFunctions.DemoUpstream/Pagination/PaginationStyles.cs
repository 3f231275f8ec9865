namespace SyncFunctions.DemoUpstream;

/// <summary>The path prefixes (<c>/page/…</c>, <c>/cursor/…</c>, …) and the style each selects.</summary>
internal sealed class PaginationStyles(int maxUnpagedRecords)
{
    private readonly Dictionary<string, IPaginationStyle> _styles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["page"] = new PageNumberPagination(),
        ["offset"] = new OffsetPagination(),
        ["cursor"] = new CursorPagination(),
        ["next"] = new NextUrlPagination(),
        ["link"] = new LinkHeaderPagination(),
        ["none"] = new NoPagination(maxUnpagedRecords),
    };

    public bool TryGet(string? name, out IPaginationStyle style) => _styles.TryGetValue(name ?? "", out style!);

    /// <summary>0-based position of a page's first record, saturating instead of overflowing on absurd page numbers.</summary>
    public static long PositionOf(long page, int pageSize) =>
        page - 1 > long.MaxValue / pageSize ? long.MaxValue : (page - 1) * pageSize;
}
