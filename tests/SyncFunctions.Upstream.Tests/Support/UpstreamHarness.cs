using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.DemoUpstream;

namespace SyncFunctions.Upstream.Tests.Support;

/// <summary>A demo upstream on loopback and the adapter, registered the way the app registers it, pointed at it.</summary>
internal sealed class UpstreamHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private UpstreamHarness(DemoUpstreamServer server, ServiceProvider services, LogCapture logs)
    {
        Server = server;
        _services = services;
        Logs = logs;
        Client = services.GetRequiredService<IUpstreamClient>();
    }

    /// <summary>Fast waits, so retry tests take milliseconds; loopback allow-listed for the demo server.</summary>
    public static UpstreamClientOptions FastOptions { get; } = new()
    {
        AllowedHosts = new HashSet<string> { "127.0.0.1" },
        MaxRetryAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromSeconds(2),
        MaxRetryAfter = TimeSpan.FromSeconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(30),
    };

    public DemoUpstreamServer Server { get; }

    public IUpstreamClient Client { get; }

    public LogCapture Logs { get; }

    public static async Task<UpstreamHarness> StartAsync(DemoUpstreamOptions? demo = null, UpstreamClientOptions? options = null)
    {
        var server = await DemoUpstreamServer.StartAsync(demo ?? new DemoUpstreamOptions { Contacts = 30 });
        var logs = new LogCapture();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddUpstreamClient(options ?? FastOptions)
            .BuildServiceProvider();
        return new UpstreamHarness(server, services, logs);
    }

    public static IUpstreamClient ClientFor(UpstreamClientOptions options, out ServiceProvider services)
    {
        services = new ServiceCollection().AddLogging().AddUpstreamClient(options).BuildServiceProvider();
        return services.GetRequiredService<IUpstreamClient>();
    }

    public UpstreamCall Call(
        string pathAndQuery,
        AuthDefinition? auth = null,
        IReadOnlyDictionary<string, string>? credentials = null,
        double? requestsPerSecond = null,
        Action<UpstreamRetry>? onRetry = null,
        string rateLimitKey = "env1/account1",
        bool singleRecord = false) =>
        Call(Server.Url(pathAndQuery), auth, credentials, requestsPerSecond, onRetry, rateLimitKey, singleRecord);

    public UpstreamCall Call(
        Uri url,
        AuthDefinition? auth = null,
        IReadOnlyDictionary<string, string>? credentials = null,
        double? requestsPerSecond = null,
        Action<UpstreamRetry>? onRetry = null,
        string rateLimitKey = "env1/account1",
        bool singleRecord = false) =>
        new(new UpstreamRequest("GET", url, new Dictionary<string, string>()),
            new UpstreamAuthContext(auth, credentials ?? new Dictionary<string, string>(), Server.BaseUrl, rateLimitKey),
            rateLimitKey, requestsPerSecond, onRetry, singleRecord);

    public Task<UpstreamResponse> GetAsync(string pathAndQuery, AuthDefinition? auth = null, IReadOnlyDictionary<string, string>? credentials = null) =>
        Client.SendAsync(Call(pathAndQuery, auth, credentials), CancellationToken.None);

    /// <summary>Server-side entries for a path (control and health endpoints excluded by choosing the path).</summary>
    public IReadOnlyList<RequestLogEntry> Requests(string pathPrefix) => Server.Requests.ForPath(pathPrefix);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
