using SyncFunctions.Docs;
using SyncFunctions.Http;

namespace SyncFunctions.Tests.Lists;

/// <summary>The OpenAPI document states each list's order (what <see cref="ListOrderTests"/> holds the endpoints to).</summary>
public sealed class ListOrderDocsTests
{
    [Fact]
    public void Every_list_response_states_its_order()
    {
        var document = OpenApiDocumentFactory.Create(ApiRoutes.All);
        var lists = ApiRoutes.All
            .Where(r => OpenApiContracts.ByRoute.TryGetValue(r.FunctionName, out var c) && (c.List || r.FunctionName == nameof(ApiRoutes.ListConnections)))
            .ToList();
        Assert.True(lists.Count >= 10, $"found only {lists.Count} list routes");

        foreach (var route in lists)
        {
            var order = OpenApiContracts.ByRoute[route.FunctionName].Order;
            Assert.False(string.IsNullOrEmpty(order), $"{route.FunctionName} does not document its order");
            var operation = document.Paths[OpenApiDocumentFactory.OpenApiPath(route.Path)].Operations.Single(o => o.Key.ToString().Equals(route.Method, StringComparison.OrdinalIgnoreCase)).Value;
            Assert.Contains(order, operation.Responses["200"].Description, StringComparison.Ordinal);
        }
    }
}
