using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>
/// How a run executes a sync job: stages in order (every parent's stage comes before its children's);
/// the entries of one stage are independent and may run concurrently.
/// </summary>
public sealed record SyncJobPlan(IReadOnlyList<SyncJobPlanStage> Stages)
{
    /// <summary>All entries, stage by stage.</summary>
    [JsonIgnore]
    public IEnumerable<SyncJobPlanEntry> Entries => Stages.SelectMany(s => s.Entries);

    /// <summary>The entry for the job's resource at <paramref name="index"/> (declaration order).</summary>
    public SyncJobPlanEntry Entry(int index) => Entries.Single(e => e.Index == index);
}

/// <summary>Entries at the same depth of the depends_on forest, in declaration order.</summary>
public sealed record SyncJobPlanStage(int Index, IReadOnlyList<SyncJobPlanEntry> Entries);

/// <summary>One resource entry of the job, ready to run.</summary>
/// <param name="Index">Position in the job's <c>resources</c> (stable key for statistics, errors and sub-orchestration ids).</param>
/// <param name="Resource">The integration resource, e.g. <c>crm/contacts</c>.</param>
/// <param name="Method"><c>list</c> or <c>get</c>.</param>
/// <param name="Definition">The job's entry as written.</param>
/// <param name="ParentIndex">The depends_on entry's index; null for a root. A child runs once per parent record per unit.</param>
/// <param name="Children">Indexes of the entries that depend on this one.</param>
/// <param name="LoopArgument">The loop_on argument name, or null.</param>
/// <param name="Units">One per loop element; a single unit without loop_on; none for an empty loop array.</param>
/// <param name="Persist">Store (or deliver) the records: always for a unified resource, else <c>persist</c> (default false).</param>
public sealed record SyncJobPlanEntry(
    int Index,
    string Resource,
    string Method,
    SyncJobResource Definition,
    int? ParentIndex,
    IReadOnlyList<int> Children,
    string? LoopArgument,
    IReadOnlyList<SyncJobPlanUnit> Units,
    bool Persist)
{
    /// <summary>For a unified resource: the model's resource and the mapping in force; null for a proxy resource.</summary>
    [JsonIgnore]
    public UnifiedBinding? Unified { get; init; }

    /// <summary>The integration resource that is fetched: the entry's own, or a unified entry's mapped raw resource.</summary>
    [JsonIgnore]
    public string FetchResource => Unified?.ProxyResource ?? Resource;

    /// <summary>The method called on <see cref="FetchResource"/>.</summary>
    [JsonIgnore]
    public string FetchMethod => Unified?.ProxyMethod(Method) ?? Method;

    /// <summary>The parent's resource name, when there is a parent.</summary>
    [JsonIgnore]
    public string? Parent => Definition.DependsOn;

    /// <summary>The placeholder context of <paramref name="unit"/>: the run's context plus this unit's loop element.</summary>
    public PlaceholderContext ContextFor(SyncJobPlanUnit unit, PlaceholderContext run) =>
        LoopArgument is null ? run : run.ForLoopItem(LoopArgument, unit.LoopItem);
}

/// <summary>One repetition of an entry: for loop_on, one element of the loop argument.</summary>
/// <param name="EntryIndex">The entry it belongs to.</param>
/// <param name="Index">Position in the loop array (0 without loop_on).</param>
/// <param name="LoopItem">The element (a copy); null without loop_on.</param>
public sealed record SyncJobPlanUnit(int EntryIndex, int Index, JsonNode? LoopItem)
{
    /// <summary>Deterministic key, e.g. <c>2.0</c>: entry 2, unit 0.</summary>
    [JsonIgnore]
    public string Key => $"{EntryIndex}.{Index}";
}
