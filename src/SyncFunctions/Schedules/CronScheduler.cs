using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Concurrency;
using SyncFunctions.Core.CronTriggers;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Runs;
using SyncFunctions.Runs.Orchestration;

namespace SyncFunctions.Schedules;

/// <summary>What one scheduler pass did.</summary>
public sealed record SchedulerResult(int Due, int Started, int Failed);

/// <summary>
/// Starts the runs of due cron triggers. Each due time is claimed before its run starts: the claim moves the
/// trigger's next_run_at past now with an ETag-guarded replace, so of several scheduler instances racing for one due
/// time exactly one wins and starts the run; the others see the trigger no longer due. Occurrences missed while no
/// scheduler ran collapse into one run for the latest due time.
/// </summary>
public sealed class CronScheduler(ICronTriggerStore triggers, RunStarter starter, TimeProvider clock, ILogger<CronScheduler> logger)
{
    private const int Attempts = 5;

    public async Task<SchedulerResult> FireDueAsync(DurableTaskClient client, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        int due = 0, started = 0, failed = 0;
        await foreach (var trigger in triggers.ListDueAsync(now, ct).ConfigureAwait(false))
        {
            due++;
            if (await ClaimAsync(trigger.EnvironmentId, trigger.Id, now, ct).ConfigureAwait(false) is not { } claimed)
            {
                continue;
            }

            var (runId, error) = await StartAsync(claimed, client, ct).ConfigureAwait(false);
            if (runId is null)
            {
                failed++;
            }
            else
            {
                started++;
            }

            await RecordAsync(claimed, runId, error, ct).ConfigureAwait(false);
        }

        return new SchedulerResult(due, started, failed);
    }

    /// <summary>The trigger as claimed for its due time (<see cref="CronTrigger.LastRunAt"/>), or null when it is not (any longer) due here.</summary>
    private async Task<CronTrigger?> ClaimAsync(string environmentId, string id, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await triggers.GetForUpdateAsync(environmentId, id, ct).ConfigureAwait(false) is not var (trigger, etag)
                || trigger.NextRunAt is not { } dueAt
                || dueAt > now)
            {
                return null; // deleted, or another scheduler claimed this due time first
            }

            var claimed = trigger with { NextRunAt = CronSchedule.Next(trigger.CronExpression, now), LastRunAt = dueAt, LastRunId = null, LastError = null };
            try
            {
                await triggers.ReplaceAsync(claimed, etag, ct).ConfigureAwait(false);
                return claimed;
            }
            catch (ConcurrencyException)
            {
                // Re-read: a rival claim shows as a future next_run_at; an edit leaves it due and is claimed on top.
            }
        }

        return null;
    }

    private async Task<(string? RunId, string? Error)> StartAsync(CronTrigger trigger, DurableTaskClient client, CancellationToken ct)
    {
        try
        {
            var run = await starter.StartScheduledAsync(
                trigger.EnvironmentId,
                CronTriggerService.RunRequest(trigger),
                $"Scheduled by cron trigger {trigger.Id}",
                trigger.LastRunAt,
                SyncJobRunOrchestrator.Scheduler(client),
                ct).ConfigureAwait(false);
            return (run.Id, null);
        }
        catch (ApiException ex)
        {
            // The job, account or webhook changed since the trigger was saved; the trigger says so instead of a run.
            logger.LogWarning("Cron trigger {TriggerId} could not start a run: {Code}.", trigger.Id, ex.Code);
            return (null, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One trigger's failure must not cost the others their due time; the details stay in the log.
            logger.LogError(ex, "Cron trigger {TriggerId} could not start a run.", trigger.Id);
            return (null, "The run could not be started (an internal error); the next due time will try again.");
        }
    }

    /// <summary>Best effort: the run (or refusal) of this due time, unless a later claim has already replaced it.</summary>
    private async Task RecordAsync(CronTrigger claimed, string? runId, string? error, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await triggers.GetForUpdateAsync(claimed.EnvironmentId, claimed.Id, ct).ConfigureAwait(false) is not var (trigger, etag)
                || trigger.LastRunAt != claimed.LastRunAt)
            {
                return;
            }

            try
            {
                await triggers.ReplaceAsync(trigger with { LastRunId = runId, LastError = error }, etag, ct).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyException)
            {
            }
        }
    }
}
