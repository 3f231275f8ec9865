namespace SyncFunctions.Core.Paging;

/// <summary>One page read from a store. <see cref="Continuation"/> is the store's own token (not shown to clients).</summary>
public sealed record StorePage<T>(IReadOnlyList<T> Items, string? Continuation);

/// <summary>One page as the API returns it: items and an opaque, signed cursor for the next page.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);
