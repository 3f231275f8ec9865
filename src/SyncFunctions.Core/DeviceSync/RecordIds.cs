using System.Globalization;
using System.Text.Json.Nodes;

namespace SyncFunctions.Core.DeviceSync;

/// <summary>
/// Record ids as JSON, for the places that have only the stored id (deletes carry just the id,
/// <c>failed_objects</c> name it): a canonical integer (no sign, no leading zero) is written as a
/// number, as Base's numeric ids are; anything else stays a string.
/// </summary>
public static class RecordIds
{
    public static JsonNode ToJson(string id) =>
        id.Length is > 0 and <= 18 && (id == "0" || id[0] != '0')
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(id);
}
