using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Runs;
using SyncFunctions.Core.Runs.Pages;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>Pages fetched ahead: as many as predicted and allowed, guesses dropped when a response says otherwise.</summary>
public sealed class PageReadAheadTests
{
    private readonly List<int> _asked = [];
    private readonly Dictionary<int, TaskCompletionSource<int>> _answers = [];

    private Task<int> Fetch(PageState state)
    {
        _asked.Add(state.Index);
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _answers[state.Index] = answer;
        return answer.Task;
    }

    private static PageState? ByNumber(PageState s) => s with { Page = (s.Page ?? 1) + 1, Index = s.Index + 1 };

    private static PageState At(int index) => new() { Page = index + 1, Index = index };

    private async Task<int> Take(PageReadAhead<int> ahead, int index)
    {
        _answers[index].SetResult(index);
        return await ahead.TakeAsync();
    }

    [Fact]
    public async Task Predictable_pages_are_asked_for_up_to_the_depth_and_kept_while_guesses_hold()
    {
        var ahead = new PageReadAhead<int>(Fetch, ByNumber, 4);
        ahead.Start(At(0), 1000);
        Assert.Equal([0, 1, 2, 3], _asked);

        Assert.Equal(0, await Take(ahead, 0));
        await ahead.ContinueAsync(At(1), 1000);

        Assert.Equal([0, 1, 2, 3, 4], _asked);
        Assert.Equal([1, 2, 3, 4], ahead.Pending.Select(p => p.Index));
    }

    [Fact]
    public async Task A_last_page_drops_the_guesses_after_it()
    {
        var ahead = new PageReadAhead<int>(Fetch, ByNumber, 4);
        ahead.Start(At(0), 1000);
        await Take(ahead, 0);
        var dropping = ahead.ContinueAsync(PageState.After(At(0)), 1000);
        foreach (var answer in _answers.Values.Where(a => !a.Task.IsCompleted))
        {
            answer.SetException(new InvalidOperationException("past the end"));
        }

        await dropping;
        Assert.False(ahead.HasPending);
        Assert.Equal([0, 1, 2, 3], _asked);
    }

    [Fact]
    public async Task A_response_that_points_elsewhere_replaces_the_guesses()
    {
        var ahead = new PageReadAhead<int>(Fetch, ByNumber, 2);
        ahead.Start(At(0), 1000);
        await Take(ahead, 0);
        var elsewhere = new PageState { Page = 7, Index = 1 };
        var continuing = ahead.ContinueAsync(elsewhere, 1000);
        _answers[1].SetResult(1);
        await continuing;

        Assert.Equal(elsewhere, ahead.Pending[0]);
        Assert.Equal(2, ahead.Pending.Count);
    }

    [Fact]
    public async Task Unpredictable_pagination_fetches_one_page_ahead()
    {
        var ahead = new PageReadAhead<int>(Fetch, _ => null, 4);
        ahead.Start(new PageState { Cursor = "a" }, 1000);
        Assert.Single(_asked);
        await Take(ahead, 0);
        await ahead.ContinueAsync(new PageState { Cursor = "b", Index = 1 }, 1000);
        Assert.Equal(2, _asked.Count);
        Assert.Single(ahead.Pending);
    }

    [Fact]
    public async Task A_spent_budget_asks_for_nothing_more()
    {
        var ahead = new PageReadAhead<int>(Fetch, ByNumber, 4);
        ahead.Start(At(0), 2);
        Assert.Equal([0, 1], _asked);
        await Take(ahead, 0);
        var stopping = ahead.ContinueAsync(At(1), 0);
        _answers[1].SetResult(1);
        await stopping;
        Assert.False(ahead.HasPending);
        Assert.Equal([0, 1], _asked);
    }

    /// <summary>The guess for a full page of a listing with a known total is exactly what the paginator says after reading one.</summary>
    [Theory]
    [InlineData("page_number")]
    [InlineData("offset")]
    public void Prediction_equals_the_next_state_after_a_full_page_and_stops_at_the_total(string type)
    {
        foreach (var (size, total) in new[] { (1, 5), (2, 9), (7, 70), (50, 1234), (100, 100) })
        {
            var paginator = Paginators.For(new PaginationDefinition { Type = type, PageSize = size, TotalPath = "$.total" });
            var current = paginator.Start();
            Assert.Null(paginator.Predict(current)); // nothing is known before the first response
            var pages = 0;
            while (!current.Done)
            {
                var body = new JsonObject
                {
                    ["total"] = total,
                    ["data"] = new JsonArray(Enumerable.Range(0, size).Select(i => (JsonNode?)new JsonObject { ["id"] = i }).ToArray()),
                };
                var predicted = pages == 0 ? null : paginator.Predict(current);
                var next = paginator.Next(current, new UpstreamPage(new Uri("http://127.0.0.1/x"), body, size));
                if (pages > 0)
                {
                    Assert.Equal(next.Done ? null : next, predicted);
                }

                current = next;
                pages++;
            }

            Assert.Equal((total + size - 1) / size, pages);
        }
    }

    [Fact]
    public void Listings_of_unknown_size_predict_nothing()
    {
        foreach (var type in new[] { "cursor", "link_header", "next_url", "page_number", "offset" })
        {
            var paginator = Paginators.For(new PaginationDefinition { Type = type, PageSize = 10, CursorPath = "$.next", NextUrlPath = "$.next" });
            var state = paginator.Start() with { Index = 3, Page = 4, Offset = 30 };
            Assert.Null(paginator.Predict(state));
        }
    }
}
