using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>Turns a sync job, its integration and a run's args into a <see cref="SyncJobPlan"/>.</summary>
public static class SyncJobPlanner
{
    /// <exception cref="ConfigurationException">
    /// The job does not validate against the integration (<see cref="SyncEngineException.Errors"/> lists why), or a
    /// loop_on argument is missing from <paramref name="args"/> or is not an array.
    /// </exception>
    /// <param name="unified">The environment's unified models with the overrides in force; null: none.</param>
    public static SyncJobPlan Plan(SyncJobDefinition job, IntegrationDefinition integration, JsonObject? args, UnifiedCatalog? unified = null)
    {
        unified ??= UnifiedCatalog.Empty;
        var errors = SyncJobValidator.Validate(job, integration, unified);
        if (errors.Count > 0)
        {
            throw new ConfigurationException(EngineErrorCodes.InvalidJobDefinition,
                $"The sync job is not valid for integration '{integration.Name}': {errors[0].Field}: {errors[0].Message}", errors[0].Field)
            {
                Errors = errors,
            };
        }

        var entries = job.Resources!;
        var parents = Enumerable.Range(0, entries.Count).Select(i => SyncJobValidator.ParentIndex(entries, i)).ToArray();

        // Validation ruled out cycles, so each walk up the parents ends at a root.
        var depths = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            for (var p = parents[i]; p is { } parent; p = parents[parent])
            {
                depths[i]++;
            }
        }

        var planned = Enumerable.Range(0, entries.Count).Select(i => new SyncJobPlanEntry(
            Index: i,
            Resource: entries[i].Resource!,
            Method: entries[i].Method!,
            Definition: entries[i],
            ParentIndex: parents[i],
            Children: Enumerable.Range(0, entries.Count).Where(c => parents[c] == i).ToList(),
            LoopArgument: LoopArgument.Name(entries[i].LoopOn),
            Units: Units(i, entries[i], args),
            // Truto's rule: unified resources are always persisted, proxy resources only when asked to.
            Persist: unified.IsUnified(entries[i].Resource) || (entries[i].Persist ?? false))
        {
            Unified = unified.IsUnified(entries[i].Resource) ? unified.Bind(entries[i].Resource!, job.IntegrationName ?? integration.Name, out _) : null,
        }).ToList();

        var stages = planned
            .GroupBy(e => depths[e.Index])
            .OrderBy(g => g.Key)
            .Select(g => new SyncJobPlanStage(g.Key, g.OrderBy(e => e.Index).ToList()))
            .ToList();
        return new SyncJobPlan(stages);
    }

    /// <summary>The units of the entry at <paramref name="index"/>: one per element of its loop_on argument, else one.</summary>
    public static List<SyncJobPlanUnit> Units(int index, SyncJobResource entry, JsonObject? args)
    {
        var name = LoopArgument.Name(entry.LoopOn);
        if (name is null)
        {
            return [new SyncJobPlanUnit(index, 0, null)];
        }
        var value = args?[name];
        if (value is not JsonArray items)
        {
            throw new ConfigurationException(EngineErrorCodes.InvalidLoopArgument,
                value is null
                    ? $"resources[{index}] loops on args.{name}, but the run's args have no {name}."
                    : $"resources[{index}] loops on args.{name}, which must be an array (got a JSON {value.GetValueKind().ToString().ToLowerInvariant()}).",
                $"args.{name}");
        }
        return items.Select((item, i) => new SyncJobPlanUnit(index, i, item?.DeepClone())).ToList();
    }
}
