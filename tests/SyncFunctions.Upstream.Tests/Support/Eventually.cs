namespace SyncFunctions.Upstream.Tests.Support;

internal static class Eventually
{
    /// <summary>Waits for <paramref name="condition"/>: the server logs an aborted (hung) request only once it notices the client left.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }
}
