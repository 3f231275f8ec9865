using System.Text.Json.Nodes;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Runs;

/// <summary>The body of <c>POST api/sync-job-run</c>, as Truto documents it.</summary>
public sealed record CreateRunRequest(
    string? SyncJobId,
    string? IntegratedAccountId,
    JsonObject? Args,
    string? ErrorHandling,
    bool? IgnorePreviousRun,
    int? Version,
    string? DaemonGroupKey,
    string? WebhookId);

public static class RunRequestRules
{
    public const string DefaultDaemonGroup = "default";

    /// <summary>The request's own rules (not those needing the job, account or args schema).</summary>
    public static IReadOnlyList<FieldError> Check(CreateRunRequest request)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.SyncJobId))
        {
            errors.Add(new FieldError("sync_job_id", "required", "sync_job_id is required."));
        }

        if (string.IsNullOrWhiteSpace(request.IntegratedAccountId))
        {
            errors.Add(new FieldError("integrated_account_id", "required", "integrated_account_id is required."));
        }

        var version = request.Version ?? 1;
        if (version is not (1 or 2))
        {
            errors.Add(new FieldError("version", "invalid", "version is 1 (default) or 2."));
        }

        var mode = request.ErrorHandling ?? ErrorHandlingModes.Ignore;
        if (!ErrorHandlingModes.All.Contains(mode))
        {
            errors.Add(new FieldError("error_handling", "invalid", "error_handling is fail_fast, ignore (default) or batch."));
        }
        else if (mode == ErrorHandlingModes.Batch && version != 2)
        {
            errors.Add(new FieldError("error_handling", "invalid", "batch error handling needs version 2."));
        }

        if (request.DaemonGroupKey is not null && request.WebhookId is not null)
        {
            errors.Add(new FieldError("webhook_id", "invalid", "Give either daemon_group_key or webhook_id, not both."));
        }

        return errors;
    }
}
