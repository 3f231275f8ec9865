namespace SyncFunctions.DemoUpstream;

/// <summary>What the pipeline decided about one request, gathered for the <see cref="RequestLog"/>.</summary>
internal sealed class RequestTrace
{
    private static readonly object Key = new();

    public bool AuthPassed { get; set; } = true;
    public string? AuthScheme { get; set; }
    public Fault? Fault { get; set; }

    public static RequestTrace Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var value) && value is RequestTrace trace) return trace;
        trace = new RequestTrace();
        context.Items[Key] = trace;
        return trace;
    }
}
