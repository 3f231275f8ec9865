using System.Net.Sockets;
using Azure;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Http.Pipeline;

/// <summary>
/// Tells "storage is down or overloaded" apart from a bug: the first is a 503 with Retry-After, so clients come back
/// instead of reporting an internal error.
/// </summary>
public static class StorageFailures
{
    public const int RetryAfterSeconds = 10;

    public static bool IsUnavailable(Exception ex) => ex switch
    {
        // Status 0: no answer at all (refused, reset, DNS); 408/5xx: storage answered that it could not serve.
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500 || failed.InnerException is { } inner && IsUnavailable(inner),
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsUnavailable),
        HttpRequestException or SocketException or TimeoutException => true,
        // The SDK's per-try network timeout surfaces as a cancellation wrapping a TimeoutException.
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    public static ApiException Problem() =>
        new(ProblemKind.Unavailable, ErrorCodes.StorageUnavailable, "Storage is unavailable.", $"The hub's storage could not be reached; try again in {RetryAfterSeconds} seconds.")
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
}
