namespace SyncFunctions.Core.Engine.Pagination;

/// <summary>The whole list comes in one response.</summary>
public sealed class NoPaginator : IPaginator
{
    public static NoPaginator Instance { get; } = new();

    public PageState Start() => new();

    public void Apply(PageState state, UpstreamRequestBuilder request) => Paginators.EnsureNotDone(state);

    public PageState Next(PageState current, UpstreamPage page) => PageState.After(current);
}
