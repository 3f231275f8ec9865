using Microsoft.Azure.Functions.Worker;
using SyncFunctions.Core.Health;

namespace SyncFunctions.Admin;

public sealed record ProbeStorageInput(string ProbeId);

public sealed record ProbeStorageResult(IReadOnlyDictionary<string, string> Checks);

public sealed class ProbeStorageActivity(IStorageRoundTrip roundTrip)
{
    public const string Name = "ProbeStorage";

    [Function(Name)]
    public async Task<ProbeStorageResult> Run([ActivityTrigger] ProbeStorageInput input, CancellationToken ct) =>
        new(await roundTrip.RunAsync(input.ProbeId, ct));
}
