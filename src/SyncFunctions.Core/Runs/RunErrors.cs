using SyncFunctions.Core.Engine.Pagination;
using SyncFunctions.Core.Runs.Pages;

namespace SyncFunctions.Core.Runs;

public static class RunErrorTypes
{
    /// <summary>A page that could not be fetched, read or persisted.</summary>
    public const string Page = "page";

    /// <summary>One record that was invalid or rejected (error_handling ignore and fail_fast).</summary>
    public const string Record = "record";

    /// <summary>The record errors of one page, grouped (error_handling batch, version 2).</summary>
    public const string Batch = "batch";
}

/// <summary>One record's error inside a <see cref="RunErrorTypes.Batch"/> entry.</summary>
public sealed record RecordError(string? RecordId, int? Index, string ErrorCode, string Message)
{
    /// <summary>The definition field the error points at (a mapping expression), when there is one.</summary>
    public string? Field { get; init; }
}

/// <summary>
/// One entry of a run's error ledger (<c>GET sync-job-run/{id}/errors</c>).
/// </summary>
/// <param name="Key">Deterministic within the run (entry, unit, parent, page, position): a retried page rewrites its entries.</param>
/// <param name="Page">The 0-based page of the unit where it happened.</param>
/// <param name="LoopIndex">The loop_on element's index (0 without loop_on).</param>
/// <param name="ParentKey">For a depends_on unit: the parent record it ran for.</param>
/// <param name="ResumeState">For a page error: where the failed page starts, so a retry can fetch it again (not shown in the API).</param>
public sealed record RunErrorEntry(
    string Key,
    string Type,
    string Resource,
    string Method,
    int Page,
    int LoopIndex,
    string? ParentKey,
    string? RecordId,
    string ErrorCode,
    string Message,
    string? Detail,
    IReadOnlyList<RecordError>? Errors,
    DateTimeOffset CreatedAt,
    PageState? ResumeState = null)
{
    /// <summary>The definition field the error points at (a mapping expression of a unified resource), when there is one.</summary>
    public string? Field { get; init; }
}

public static class RunErrorKeys
{
    /// <summary>Sorts by entry, unit, parent, page, then position on the page (page errors after the page's record errors).</summary>
    public static string For(PageWork work, int page, int position) =>
        $"{work.EntryIndex:D3}.{work.UnitIndex:D6}.{work.ParentKey ?? "-"}.{page:D9}.{position:D6}";

    /// <summary>The job entry a key of <see cref="For"/> belongs to; -1 for a key not made by it.</summary>
    public static int EntryIndexOf(string key) =>
        int.TryParse(key.AsSpan(0, Math.Max(0, key.IndexOf('.'))), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : -1;
}
