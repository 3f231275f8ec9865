using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// A second provider over the same contacts, in another shape: HubSpot's CRM v3 objects API
/// (<c>GET /hubspot/crm/v3/objects/contacts?limit=&amp;after=&amp;updatedAfter=</c> →
/// <c>{"results":[{"id":"7","properties":{"firstname":…,"lastname":…,"email":…},"createdAt":…,"updatedAt":…,"archived":false}],
/// "paging":{"next":{"after":"7"}}}</c>). Two integrations can then feed one unified resource from differently shaped
/// records, and a test knows what both should map to.
/// </summary>
internal sealed class HubSpotEndpoints(DemoDataSet data)
{
    public const string ContactsPath = "/hubspot/crm/v3/objects/contacts";

    public void Map(IEndpointRouteBuilder routes) => routes.MapGet(ContactsPath, (RequestDelegate)ContactsAsync);

    private Task ContactsAsync(HttpContext context)
    {
        var query = new QueryReader(context.Request.Query);
        var limit = query.PageSize("limit");
        var after = query.Number("after", 0, 0);
        DateTimeOffset? since = null;
        if (query.Text("updatedAfter") is { Length: > 0 } text)
        {
            if (DateTimeOffset.TryParse(text.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                since = parsed;
            else
                return JsonResponse.BadRequestAsync(context, "updatedAfter must be an ISO 8601 timestamp");
        }
        if (query.Error is { } error) return JsonResponse.BadRequestAsync(context, error);

        var page = data.View(DemoResources.Contacts, new ListFilter(since, IncludeDeleted: false)).After(after).Take(limit + 1).ToList();
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("results");
            w.WriteStartArray();
            foreach (var entry in page.Take(limit)) Reshape(entry.Json).WriteTo(w);
            w.WriteEndArray();
            if (page.Count > limit)
            {
                w.WriteStartObject("paging");
                w.WriteStartObject("next");
                w.WriteString("after", page[limit - 1].Id.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
    }

    /// <summary>The flat demo contact as HubSpot would send it: string id, fields under <c>properties</c>, camelCase stamps.</summary>
    public static JsonObject Reshape(JsonObject flat) => new()
    {
        ["id"] = flat["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture),
        ["properties"] = new JsonObject
        {
            ["firstname"] = flat["first_name"]?.DeepClone(),
            ["lastname"] = flat["last_name"]?.DeepClone(),
            ["email"] = flat["email"]?.DeepClone(),
            ["company"] = flat["company"]?.DeepClone(),
        },
        ["createdAt"] = flat["created_at"]?.DeepClone(),
        ["updatedAt"] = flat["updated_at"]?.DeepClone(),
        ["archived"] = false,
    };
}
