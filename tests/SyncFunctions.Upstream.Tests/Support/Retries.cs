using System.Collections.Concurrent;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream.Tests.Support;

/// <summary>Collects what <see cref="UpstreamCall.OnRetry"/> reports.</summary>
internal sealed class Retries
{
    private readonly ConcurrentQueue<UpstreamRetry> _seen = new();

    public IReadOnlyList<UpstreamRetry> Seen => [.. _seen];

    public void Record(UpstreamRetry retry) => _seen.Enqueue(retry);
}
