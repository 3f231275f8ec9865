using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// A real Kestrel server on 127.0.0.1 serving the demo data set. Tests start one per scenario and steer it through
/// <see cref="Data"/>, <see cref="Faults"/> and <see cref="Requests"/>; the standalone app runs the same thing.
/// </summary>
public sealed class DemoUpstreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private DemoUpstreamServer(WebApplication app, DemoUpstreamOptions options, DemoDataSet data, FaultInjector faults, RequestLog requests)
    {
        _app = app;
        Options = options;
        Data = data;
        Faults = faults;
        Requests = requests;
    }

    /// <summary>Root of the API, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public DemoUpstreamOptions Options { get; }
    public DemoDataSet Data { get; }
    public FaultInjector Faults { get; }
    public RequestLog Requests { get; }

    /// <summary>Absolute URL of a path such as <c>"/page/contacts?per_page=10"</c>.</summary>
    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    public static async Task<DemoUpstreamServer> StartAsync(DemoUpstreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DemoUpstreamOptions();
        var data = new DemoDataSet(options);
        var faults = new FaultInjector();
        var requests = new RequestLog();
        var tokens = new TokenIssuer(options.Auth.OAuthTokenLifetime, options.TimeProvider);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(DemoUpstreamServer).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        // Hanging requests end on shutdown anyway; this only bounds a stuck client connection.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();

        var server = new DemoUpstreamServer(app, options, data, faults, requests);
        var stopping = app.Lifetime.ApplicationStopping;
        var limiter = options.RateLimitPerSecond is { } perSecond ? new RequestRateLimiter(perSecond, options.TimeProvider) : null;
        var auth = new AuthGate(options.Auth, tokens);

        app.Use((context, next) => LogAsync(context, next, requests, options.TimeProvider));
        app.Use(ControlEndpoints.GuardAsync);
        app.Use(async (context, next) =>
        {
            if (limiter is not null && !AuthGate.IsExempt(context.Request.Path) && !limiter.TryAcquire())
            {
                context.Response.Headers.RetryAfter = "1";
                await JsonResponse.ErrorAsync(context, StatusCodes.Status429TooManyRequests, "rate_limited");
                return;
            }
            await next(context);
        });
        app.Use(auth.InvokeAsync);
        app.Use((context, next) => context.Request.Path.StartsWithSegments("/_control")
            ? next(context)
            : FaultMiddleware.InvokeAsync(context, next, faults, stopping));

        new ApiEndpoints(data, new PaginationStyles(options.MaxUnpagedRecords)).Map(app);
        new HubSpotEndpoints(data).Map(app);
        new OAuthTokenEndpoint(options.Auth, tokens).Map(app);
        new ControlEndpoints(data, faults).Map(app);
        app.MapFallback((RequestDelegate)JsonResponse.NotFoundAsync);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C for the standalone app).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // Logged as the response starts, so a client never sees a response whose entry is missing.
    private static async Task LogAsync(HttpContext context, RequestDelegate next, RequestLog requests, TimeProvider time)
    {
        var logged = 0;
        void Record(int status)
        {
            if (Interlocked.Exchange(ref logged, 1) == 1) return;
            var request = context.Request;
            var trace = RequestTrace.Of(context);
            requests.Add(new RequestLogEntry(time.GetUtcNow(), request.Method, request.Path.Value ?? "/",
                request.QueryString.Value?.TrimStart('?') ?? "", status, trace.AuthPassed, trace.AuthScheme, trace.Fault));
        }
        context.Response.OnStarting(() =>
        {
            Record(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        catch
        {
            Record(StatusCodes.Status500InternalServerError);
            throw;
        }
        finally
        {
            // Bodiless responses start only after the pipeline returns; hung or aborted ones never do (logged as 0).
            var aborted = !context.Response.HasStarted && context.RequestAborted.IsCancellationRequested;
            Record(aborted ? 0 : context.Response.StatusCode);
        }
    }
}
