using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace SyncFunctions.Testing;

/// <summary>
/// xunit fixture giving a test class real Azure Storage (Azurite):
/// <code>
/// public sealed class MyTests(AzuriteFixture azurite) : IClassFixture&lt;AzuriteFixture&gt;
/// {
///     private readonly string _table = AzuriteFixture.UniqueName("runs");
///     // new TableServiceClient(azurite.ConnectionString) ...
/// }
/// </code>
/// Every fixture in the test process uses the same server (<see cref="AzuriteServer.SharedAsync"/>): the one
/// named by <c>SYNCFUNCTIONS_TEST_STORAGE</c> if set (as <c>scripts/test.sh</c> does), otherwise one Azurite
/// started on first use and killed when the process exits. Test classes isolate their data with
/// <see cref="UniqueName"/> table and queue names rather than with separate servers.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Longest name <see cref="UniqueName"/> returns (table names allow 63, queue names 63).</summary>
    public const int MaxUniqueNameLength = 40;

    private const int SuffixLength = 16;

    private AzuriteServer? _server;

    /// <summary>The shared server; available after <see cref="InitializeAsync"/>.</summary>
    public AzuriteServer Server => _server ?? throw new InvalidOperationException($"{nameof(AzuriteFixture)} is not initialized yet.");

    /// <summary>Storage connection string for Azure.Data.Tables / Azure.Storage.Queues / Blobs clients.</summary>
    public string ConnectionString => Server.ConnectionString;

    public Uri BlobEndpoint => Server.BlobEndpoint;

    public Uri QueueEndpoint => Server.QueueEndpoint;

    public Uri TableEndpoint => Server.TableEndpoint;

    /// <summary>True when the storage came from <c>SYNCFUNCTIONS_TEST_STORAGE</c> and this process started nothing.</summary>
    public bool IsExternal => Server.IsExternal;

    public async Task InitializeAsync() => _server = await AzuriteServer.SharedAsync().ConfigureAwait(false);

    /// <summary>Nothing to do: the shared server outlives every fixture and stops when the process exits.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// A fresh name valid for both tables and queues: lowercase letters and digits, starting with a letter,
    /// at most <see cref="MaxUniqueNameLength"/> characters, e.g. <c>UniqueName("sync-runs")</c> → <c>syncruns3f9a0c...</c>.
    /// Characters of <paramref name="prefix"/> that are not letters or digits are dropped.
    /// </summary>
    public static string UniqueName(string prefix = "t")
    {
        var clean = new StringBuilder();
        foreach (var c in (prefix ?? string.Empty).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                clean.Append(c);
            }
        }

        if (clean.Length == 0 || clean[0] is < 'a' or > 'z')
        {
            clean.Insert(0, 't');
        }

        var head = clean.ToString();
        if (head.Length > MaxUniqueNameLength - SuffixLength)
        {
            head = head[..(MaxUniqueNameLength - SuffixLength)];
        }

        // 64 random bits as lowercase hex.
        return head + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SuffixLength / 2));
    }
}
