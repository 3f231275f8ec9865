namespace SyncFunctions.Upstream;

/// <summary>The body exceeds <see cref="UpstreamClientOptions.MaxResponseBytes"/>; not retried, since the next answer would be as large.</summary>
internal sealed class ResponseTooLargeException(long limit, long? declared)
    : Exception(declared is { } length
        ? $"The upstream's body is {length} bytes; the limit is {limit}."
        : $"The upstream's body is over the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
