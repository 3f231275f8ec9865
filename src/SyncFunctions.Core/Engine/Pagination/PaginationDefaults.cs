namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>Parameter names used when the definition leaves them out.</summary>
public static class PaginationDefaults
{
    public const string PageParam = "page";
    public const string PageNumberSizeParam = "per_page";
    public const string OffsetParam = "offset";
    public const string OffsetSizeParam = "limit";
    public const string CursorParam = "cursor";
    public const string CursorSizeParam = "limit";
    public const string NextUrlSizeParam = "limit";
    public const string LinkHeaderSizeParam = "per_page";
    public const int StartPage = 1;
}
