namespace SyncFunctions.DemoUpstream;

/// <summary>The test's remote control for what goes wrong next. Rules are tried in the order added; the first that fires wins.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = [];

    public IReadOnlyList<FaultRule> Rules
    {
        get { lock (_gate) return [.. _rules]; }
    }

    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    public FaultRule Add(string pathPrefix, Fault fault, int times = 1) =>
        Add(new FaultRule { PathPrefix = pathPrefix, Fault = fault, Times = times });

    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    internal Fault? Next(string method, string path, string query)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (!rule.IsSpent && rule.Matches(method, path, query) && rule.Take()) return rule.Fault;
            }
            return null;
        }
    }
}
