using System.Diagnostics;
using SyncFunctions.Composition;
using SyncFunctions.Core.Paging;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Testing.App;

/// <summary>
/// Every test app's run store: it refuses a replace of a run row that the hub's code makes anywhere but through
/// <see cref="RunUpdates"/>, the one read–decide–write of a run (ETag retry, state machine). Test code that writes a
/// run directly is not the hub's and passes; so does a call whose caller is lost to an await (a test's own wrapper).
/// </summary>
public sealed class RunWriteGuard(IRunStore inner) : IRunStore
{
    public Task CreateAsync(SyncJobRun run, CancellationToken ct) => inner.CreateAsync(run, ct);

    public Task<SyncJobRun?> GetAsync(string environmentId, string id, CancellationToken ct) => inner.GetAsync(environmentId, id, ct);

    public Task<(SyncJobRun Run, string ETag)?> GetForUpdateAsync(string environmentId, string id, CancellationToken ct) => inner.GetForUpdateAsync(environmentId, id, ct);

    public Task ReplaceAsync(SyncJobRun run, string etag, CancellationToken ct)
    {
        if (HubCaller() is { } caller && !Within(caller, typeof(RunUpdates)))
        {
            throw new InvalidOperationException($"Run {run.Id} was replaced by {caller.FullName}, not through RunUpdates.UpdateAsync.");
        }

        return inner.ReplaceAsync(run, etag, ct);
    }

    public Task<bool> DeleteAsync(string environmentId, string id, CancellationToken ct) => inner.DeleteAsync(environmentId, id, ct);

    public Task<StorePage<SyncJobRun>> ListAsync(string environmentId, RunFilter filter, int limit, string? continuation, CancellationToken ct) =>
        inner.ListAsync(environmentId, filter, limit, continuation, ct);

    public Task<DateTimeOffset?> LastCompletedStartAsync(string environmentId, string syncJobId, string accountId, CancellationToken ct) =>
        inner.LastCompletedStartAsync(environmentId, syncJobId, accountId, ct);

    /// <summary>The nearest calling type of the hub's own assemblies (Core or the app) on this synchronous stack.</summary>
    private static Type? HubCaller()
    {
        foreach (var frame in new StackTrace(2, false).GetFrames())
        {
            if (frame.GetMethod()?.DeclaringType is { } type
                && (type.Assembly == typeof(IRunStore).Assembly || type.Assembly == typeof(ServiceRegistration).Assembly))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>The compiler nests lambdas and async state machines in their method's type.</summary>
    private static bool Within(Type type, Type outer)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t == outer)
            {
                return true;
            }
        }

        return false;
    }
}
