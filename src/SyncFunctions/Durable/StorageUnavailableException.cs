using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Durable;

/// <summary>
/// An activity could not reach the hub's storage (refused, reset, timed out, or storage answered 408/5xx) even after
/// the storage SDK's own retries. Thrown so the orchestration's retry handler (<see cref="Durable.ActivityRetry"/>)
/// can tell an outage, which it waits out on durable timers, from a bug, which it retries only briefly. Its message
/// starts with <see cref="Marker"/> so the failure is recognisable however the host reports it.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public const string Marker = "storage_unavailable: ";

    public StorageUnavailableException()
        : base(Marker.TrimEnd(' ', ':'))
    {
    }

    public StorageUnavailableException(string message)
        : base(Marker + message)
    {
    }

    public StorageUnavailableException(string message, Exception inner)
        : base(Marker + message, inner)
    {
    }

    /// <summary>Runs an activity's work, rethrowing a storage outage as a <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception ex) when (ex is not StorageUnavailableException && StorageFailures.IsUnavailable(ex))
        {
            throw new StorageUnavailableException("the hub's storage could not be reached", ex);
        }
    }
}
