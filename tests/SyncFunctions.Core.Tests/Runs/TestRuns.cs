using System.Text.Json.Nodes;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>A minimal valid run for unit tests; tests vary it with <c>with</c>.</summary>
internal static class TestRuns
{
    public static SyncJobRun New(RunStatus status = RunStatus.Queued, string id = "run", string account = "acct", DateTimeOffset? at = null) => new()
    {
        Id = id,
        EnvironmentId = "env",
        SyncJobId = "job",
        IntegratedAccountId = account,
        Args = new JsonObject(),
        Resources = [],
        Status = status,
        ErrorHandling = ErrorHandlingModes.Ignore,
        Trigger = "Manual",
        CreatedAt = at ?? DateTimeOffset.UnixEpoch,
        UpdatedAt = at ?? DateTimeOffset.UnixEpoch,
    };
}
