using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace SyncFunctions.Durable;

/// <summary>Adapts an <see cref="IActivity{TInput,TOutput}"/> class to the Durable Task worker, one DI scope per call.</summary>
internal sealed class ServiceActivity<TActivity, TInput, TOutput>(IServiceProvider services) : TaskActivity<TInput, TOutput>
    where TActivity : class, IActivity<TInput, TOutput>
{
    public override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        await using var scope = services.CreateAsyncScope();
        var activity = ActivatorUtilities.CreateInstance<TActivity>(scope.ServiceProvider);
        return await activity.RunAsync(input, CancellationToken.None);
    }
}
