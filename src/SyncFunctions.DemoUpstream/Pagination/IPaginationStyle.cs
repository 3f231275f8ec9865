namespace SyncFunctions.DemoUpstream;

/// <summary>One way of slicing a list into responses; chosen by the first path segment.</summary>
internal interface IPaginationStyle
{
    /// <summary>Writes the response for one list request. <paramref name="query"/> has already parsed the filters.</summary>
    Task WriteAsync(HttpContext context, RecordView view, QueryReader query);
}
