using System.Text.Json;
using SyncFunctions.Core.Engine.Pagination;

namespace SyncFunctions.Core.Tests.Engine.Pagination;

public sealed class PageStateTests
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static TheoryData<PageState> States() => new(
        new PageState(),
        new PageState { Page = 3, Index = 2 },
        new PageState { Offset = 1_000_000_000_000, Index = 7 },
        new PageState { Cursor = "eyJhZnRlciI6IjQyIn0=\u00e9/+", Index = 1 },
        new PageState { NextUrl = "https://api.example.com/v1/items?after=10&limit=10", Index = 4 },
        new PageState { Page = 9, Index = 9, Done = true },
        new PageState { Page = 1, Offset = 2, Cursor = "c", NextUrl = "https://x/", Index = int.MaxValue, Done = true });

    [Theory]
    [MemberData(nameof(States))]
    public void Round_trips_through_json_unchanged(PageState state)
    {
        Assert.Equal(state, JsonSerializer.Deserialize<PageState>(JsonSerializer.Serialize(state)));
        Assert.Equal(state, JsonSerializer.Deserialize<PageState>(JsonSerializer.Serialize(state, SnakeCase), SnakeCase));
    }

    [Fact]
    public void Serialized_state_is_small_and_readable()
    {
        var json = JsonSerializer.Serialize(new PageState { Cursor = "abc", Index = 2 }, SnakeCase);

        Assert.Equal("""{"page":null,"offset":null,"cursor":"abc","next_url":null,"index":2,"total":null,"done":false}""", json);
    }

    [Fact]
    public void After_marks_done_and_counts_the_page()
    {
        var done = PageState.After(new PageState { Cursor = "c", Index = 4 });

        Assert.True(done.Done);
        Assert.Equal(5, done.Index);
        Assert.Equal("c", done.Cursor);
    }
}
