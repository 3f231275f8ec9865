using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Placeholders;
using SyncFunctions.Core.Integrations;
using SyncFunctions.Core.SyncJobs;
using SyncFunctions.Core.Unified;

namespace SyncFunctions.Core.Runs.Pages;

/// <summary>
/// One entry of a run as planned when the run was admitted (<see cref="RunPlanner"/>): what its pages need
/// from the job, the integration and the unified model, resolved once and carried by the orchestration into every
/// page activity, so a definition edited mid-run does not reach the run's later pages. Templates only: placeholders
/// are rendered per page from the run's args, the account's variables and credentials (read per page, so a rotated
/// credential applies at once) and parent records. No secret is in it: it goes into orchestration history.
/// </summary>
/// <param name="Job">The job's entry as written (id, query, loop_on, depends_on).</param>
/// <param name="Ancestors">The parent entry, its parent, … up to a root: whose records this entry's placeholders read.</param>
/// <param name="Upstream">
/// The integration cut down to what the pages use: the request template (base_url, headers, the endpoint's path,
/// HTTP method, default query and incremental parameter), the paginator (the endpoint's pagination), the record
/// extraction (records_path, id, updated-at and delete-marker fields, track_deletes), auth (its type and names,
/// never credentials) and the rate limit; one resource with one endpoint, the fetched one.
/// </param>
/// <param name="Unified">A unified entry's mapping in force (overrides merged), as the expression texts it compiles from; null for a proxy entry.</param>
public sealed record EntryPlan(
    int EntryIndex,
    string Resource,
    string Method,
    SyncJobResource Job,
    int? ParentIndex,
    IReadOnlyList<int> Children,
    bool Persist,
    IReadOnlyList<EntryPlanParent> Ancestors,
    IntegrationDefinition Upstream,
    UnifiedBinding? Unified)
{
    public static EntryPlan Of(SyncJobPlan plan, SyncJobPlanEntry entry, IntegrationDefinition integration)
    {
        var (resource, endpoint) = Endpoints.Require(integration, entry.FetchResource, entry.FetchMethod);
        var upstream = new IntegrationDefinition
        {
            Name = integration.Name,
            BaseUrl = integration.BaseUrl,
            Auth = integration.Auth,
            Headers = integration.Headers,
            RateLimit = integration.RateLimit,
            Resources = new Dictionary<string, ResourceDefinition>(StringComparer.Ordinal)
            {
                [entry.FetchResource] = entry.FetchMethod == ResourceMethods.Get ? resource with { List = null, Get = endpoint } : resource with { List = endpoint, Get = null },
            },
        };

        var ancestors = new List<EntryPlanParent>();
        for (var parent = entry.ParentIndex; parent is { } index; parent = plan.Entry(index).ParentIndex)
        {
            ancestors.Add(new EntryPlanParent(index, plan.Entry(index).Resource));
        }

        // The model's schema only when it validates records; other integrations' mappings never.
        var unified = entry.Unified is { } binding
            ? binding with
            {
                Definition = new UnifiedResourceDefinition
                {
                    ValidateRecords = binding.Definition.ValidateRecords,
                    Schema = binding.Definition.ValidateRecords == true ? binding.Definition.Schema : null,
                },
            }
            : null;
        return new EntryPlan(entry.Index, entry.Resource, entry.Method, entry.Definition, entry.ParentIndex, entry.Children, entry.Persist, ancestors, upstream, unified);
    }

    /// <summary>The planned entry for a unit's pages, its units (loop elements) read from the run's args.</summary>
    /// <exception cref="ConfigurationException">A loop_on argument is not an array of the run's args (it was when the run was admitted).</exception>
    public SyncJobPlanEntry Entry(JsonObject? args) =>
        new(EntryIndex, Resource, Method, Job, ParentIndex, Children, LoopArgument.Name(Job.LoopOn), SyncJobPlanner.Units(EntryIndex, Job, args), Persist)
        {
            Unified = Unified,
        };
}

/// <summary>An ancestor of a depends_on entry: its index (where its records are kept) and resource (how placeholders name it).</summary>
public sealed record EntryPlanParent(int EntryIndex, string Resource);
