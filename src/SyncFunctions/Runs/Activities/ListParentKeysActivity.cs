using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Runs;
using SyncFunctions.Durable;

namespace SyncFunctions.Runs.Activities;

/// <summary>The next page of a parent entry's record keys: the depends_on fan-out reads them a page at a time.</summary>
public sealed class ListParentKeysActivity(IRunParentStore parents)
{
    public const string Name = "ListParentKeys";

    [Function(Name)]
    public Task<ParentKeyPage> Run([ActivityTrigger] ParentKeysRequest input, CancellationToken ct) =>
        StorageUnavailableException.GuardAsync(() => parents.ListKeysAsync(input.EnvironmentId, input.RunId, input.EntryIndex, input.After, input.Limit, ct));
}
