using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Runs;
using SyncFunctions.Durable;

namespace SyncFunctions.Activities;

/// <summary>The page's outcome, or the engine error that stopped it (an expected failure, returned rather than thrown).</summary>
public sealed record PageResult(PageOutcome? Outcome, RunFailure? Error);

/// <summary>Fetches one page and persists it. Unexpected failures (storage down) throw and are retried by Durable.</summary>
public sealed class FetchPageActivity(PageRunner pages) : IActivity<PageWork, PageResult>
{
    public const string Name = "FetchPage";

    [Function(Name)]
    public Task<PageResult> Run([ActivityTrigger] PageWork input, CancellationToken ct) => RunAsync(input, ct);

    public async Task<PageResult> RunAsync(PageWork input, CancellationToken ct)
    {
        try
        {
            return new PageResult(await pages.RunAsync(input, ct), null);
        }
        catch (SyncEngineException ex)
        {
            var kind = ex.Kind is UpstreamErrorKind.Config or UpstreamErrorKind.Auth ? RunErrorKind.Configuration : RunErrorKind.Other;
            return new PageResult(null, new RunFailure(ex.Code, ex.Message, ex.Field, kind));
        }
    }
}
