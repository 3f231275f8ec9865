namespace SyncFunctions.Durable;

/// <summary>
/// The body of one activity. The class also carries the activity's [Function] method, which the
/// Functions host calls; the in-process test host calls <see cref="RunAsync"/> through
/// <see cref="DurableTasks"/>. Both run the same code with services from the same container.
/// </summary>
public interface IActivity<TInput, TOutput>
{
    Task<TOutput> RunAsync(TInput input, CancellationToken ct);
}
