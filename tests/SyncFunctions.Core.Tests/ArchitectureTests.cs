namespace SyncFunctions.Core.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void Core_references_nothing_from_azure_functions_or_durable()
    {
        var references = typeof(Core.Errors.ApiException).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, n =>
            n.StartsWith("Azure", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.Azure", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal)
            || n.StartsWith("DurableTask", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
