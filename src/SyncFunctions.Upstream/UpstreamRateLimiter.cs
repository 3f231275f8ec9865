using System.Globalization;
using System.Threading.RateLimiting;

namespace SyncFunctions.Upstream;

/// <summary>
/// Our own budget per rate-limit key (one integrated account): a token bucket per key and rate, in process, that
/// queues callers rather than failing them. The bucket holds at most a tenth of a second's worth, so a burst cannot
/// exceed the rate within any one second.
/// </summary>
internal sealed class UpstreamRateLimiter : IAsyncDisposable
{
    private static readonly RateLimiter NoLimit = RateLimitPartition.GetNoLimiter(0).Factory(0);

    private readonly PartitionedRateLimiter<UpstreamSendState> _limiter = PartitionedRateLimiter.Create<UpstreamSendState, string>(Partition);

    public ValueTask<RateLimitLease> AcquireAsync(UpstreamSendState? state, CancellationToken cancellationToken) =>
        state is null
            ? NoLimit.AcquireAsync(1, cancellationToken)
            : _limiter.AcquireAsync(state, 1, cancellationToken);

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();

    private static RateLimitPartition<string> Partition(UpstreamSendState state)
    {
        if (state.RequestsPerSecond is not (> 0 and var perSecond) || double.IsInfinity(perSecond))
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        // A changed rate is a new bucket: the key carries it, so an edited integration takes effect at once.
        var key = state.RateLimitKey + "|" + perSecond.ToString("R", CultureInfo.InvariantCulture);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => BucketFor(perSecond));
    }

    internal static TokenBucketRateLimiterOptions BucketFor(double perSecond)
    {
        var tokens = Math.Max(1, (int)Math.Floor(perSecond / 10));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / perSecond),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
    }
}
