namespace SyncFunctions.DemoUpstream;

/// <summary>The whole (filtered) list as <c>{"data":[…]}</c>; refused with 400 past <paramref name="maxRecords"/>.</summary>
internal sealed class NoPagination(int maxRecords) : IPaginationStyle
{
    public Task WriteAsync(HttpContext context, RecordView view, QueryReader query)
    {
        if (query.Error is { } error) return JsonResponse.BadRequestAsync(context, error);
        if (view.Count > maxRecords)
        {
            return JsonResponse.ErrorAsync(context, StatusCodes.Status400BadRequest, "too_many_records",
                $"{view.Count} records; unpaged lists are limited to {maxRecords}. Use a paginated style.");
        }
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            JsonResponse.WriteRecords(w, view.After(0));
            w.WriteEndObject();
        });
    }
}
