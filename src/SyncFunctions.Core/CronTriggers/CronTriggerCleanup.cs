namespace SyncFunctions.Core.CronTriggers;

/// <summary>
/// Deletes the cron triggers that would only ever fail: those of a sync job or account that was just deleted.
/// An environment holds few triggers, so one listing is cheap next to the delete that caused it.
/// </summary>
public sealed class CronTriggerCleanup(ICronTriggerStore triggers)
{
    public Task<int> ForSyncJobAsync(string environmentId, string syncJobId, CancellationToken ct) =>
        DeleteWhereAsync(environmentId, t => t.SyncJobId == syncJobId, ct);

    public Task<int> ForAccountAsync(string environmentId, string accountId, CancellationToken ct) =>
        DeleteWhereAsync(environmentId, t => t.IntegratedAccountId == accountId, ct);

    private async Task<int> DeleteWhereAsync(string environmentId, Func<CronTrigger, bool> match, CancellationToken ct)
    {
        var doomed = new List<string>();
        string? continuation = null;
        do
        {
            var page = await triggers.ListAsync(environmentId, 200, continuation, ct);
            doomed.AddRange(page.Items.Where(match).Select(t => t.Id));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        foreach (var id in doomed)
        {
            await triggers.DeleteAsync(environmentId, id, ct);
        }

        return doomed.Count;
    }
}
