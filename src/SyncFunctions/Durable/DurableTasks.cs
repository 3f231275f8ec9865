using Microsoft.DurableTask;
using SyncFunctions.Activities;
using SyncFunctions.Core.Runs;
using SyncFunctions.Orchestrations;

namespace SyncFunctions.Durable;

/// <summary>
/// Every orchestrator and activity of the app. The Functions host finds them through their
/// [Function] attributes; the in-process test host is given this list. A test checks the two agree
/// with functions.metadata, so a new activity missing here fails the build's tests.
/// </summary>
public static class DurableTasks
{
    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<SelfTestInput, SelfTestResult>(SelfTestOrchestrator.Name, (context, input) => SelfTestOrchestrator.RunAsync(context, input));

        registry.AddOrchestratorFunc<RunWork, RunResult>(SyncJobRunOrchestrator.Name, (context, input) => SyncJobRunOrchestrator.RunAsync(context, input));
        registry.AddOrchestratorFunc<UnitWork, UnitResult>(SyncUnitOrchestrator.Name, (context, input) => SyncUnitOrchestrator.RunAsync(context, input));

        AddActivity<ProbeStorageActivity, ProbeStorageInput, ProbeStorageResult>(registry, ProbeStorageActivity.Name);
        AddActivity<StartRunActivity, RunRef, RunPlanSummary>(registry, StartRunActivity.Name);
        AddActivity<FetchPageActivity, PageWork, PageResult>(registry, FetchPageActivity.Name);
        AddActivity<ListParentKeysActivity, ParentKeysRequest, ParentKeyPage>(registry, ListParentKeysActivity.Name);
        AddActivity<CompleteRunActivity, CompleteRunInput, RunResult>(registry, CompleteRunActivity.Name);
    }

    private static void AddActivity<TActivity, TInput, TOutput>(DurableTaskRegistry registry, string name)
        where TActivity : class, IActivity<TInput, TOutput> =>
        registry.AddActivity(name, services => new ServiceActivity<TActivity, TInput, TOutput>(services));
}
