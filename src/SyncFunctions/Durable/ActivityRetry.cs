using Microsoft.DurableTask;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Durable;

/// <summary>
/// How the run orchestrations retry their activities. A failure to reach storage
/// (<see cref="StorageUnavailableException"/>) is an outage: the activity is tried again after durable waits (no worker
/// held while waiting), as many and as long as <see cref="OutageWaits"/> says — the same budget that rides out an
/// unreachable upstream. Any other failure is tried three times in all, 2 s then 4 s apart. Redoing an activity is
/// safe: a page activity repeats its pages from its position, and change detection leaves records already written alone.
/// </summary>
public static class ActivityRetry
{
    private const int Attempts = 3;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(2);

    public static TaskOptions Options(OutageWaits? outage) => TaskOptions.FromRetryHandler(async retry =>
    {
        var attempt = retry.LastAttemptNumber;
        TimeSpan wait;
        if (IsStorageOutage(retry.LastFailure) && outage is { } waits && attempt <= waits.Retries)
        {
            wait = waits.WaitBefore(attempt - 1);
        }
        else if (attempt < Attempts)
        {
            wait = FirstDelay * Math.Pow(2, attempt - 1);
        }
        else
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(wait, retry.CancellationToken);
        return true;
    });

    /// <summary>The failure, or one it wraps (hosts may wrap an activity's exception), is a storage outage.</summary>
    public static bool IsStorageOutage(TaskFailureDetails? failure)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            if (f.ErrorType == typeof(StorageUnavailableException).FullName
                || f.ErrorMessage?.Contains(StorageUnavailableException.Marker, StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }
}
