using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Lists;

/// <summary>Reads a whole list endpoint page by page, as a client following the cursor does.</summary>
internal static class ListReader
{
    /// <summary>
    /// Every item's <paramref name="idProperty"/> and <c>created_at</c>, over pages of <paramref name="pageSize"/>.
    /// <paramref name="itemsPath"/> and <paramref name="cursorPath"/> locate the items and the next cursor in the body.
    /// </summary>
    public static async Task<List<(string Id, DateTimeOffset? CreatedAt)>> ReadAllAsync(
        string path, string bearer, Func<HttpRequest, Task<IActionResult>> function,
        int pageSize = 2, string idProperty = "id", string createdAtProperty = "created_at", string[]? itemsPath = null, string[]? cursorPath = null)
    {
        var items = new List<(string, DateTimeOffset?)>();
        string? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var url = $"{path}{separator}limit={pageSize}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var response = await TestRequest.Get(url).Bearer(bearer).SendAsync(function);
            Assert.True(response.Status == 200, response.ToString());

            var body = response.Json;
            var list = At(body, itemsPath ?? ["data"]);
            items.AddRange(list.EnumerateArray().Select(item => (
                item.GetProperty(idProperty).ToString(),
                item.TryGetProperty(createdAtProperty, out var created) && created.ValueKind == JsonValueKind.String ? created.GetDateTimeOffset() : (DateTimeOffset?)null)));
            var next = At(body, cursorPath ?? ["next_cursor"]);
            if (next.ValueKind != JsonValueKind.String)
            {
                return items;
            }

            cursor = next.GetString();
        }

        throw new InvalidOperationException($"{path} did not end within 100 pages");
    }

    /// <summary>The ids of the whole list, read <paramref name="times"/> times; asserts every reading is the same.</summary>
    public static async Task<List<(string Id, DateTimeOffset? CreatedAt)>> ReadStableAsync(
        Func<Task<List<(string Id, DateTimeOffset? CreatedAt)>>> read, int times = 3)
    {
        var first = await read();
        for (var i = 1; i < times; i++)
        {
            var again = await read();
            Assert.Equal(first.Select(x => x.Id), again.Select(x => x.Id));
        }

        return first;
    }

    private static JsonElement At(JsonElement element, string[] path)
    {
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }

        return element;
    }
}
