using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncFunctions.Core.Webhooks;

namespace SyncFunctions.Testing.Webhooks;

/// <summary>One request as the receiver got it: the raw body bytes, as a signature is checked over them.</summary>
public sealed record ReceivedDelivery(DateTimeOffset ReceivedAt, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Checks the signature the way a receiver should: over the raw body, with the timestamp window.</summary>
    public WebhookVerification Verify(string secret, TimeSpan? tolerance = null) =>
        WebhookSignature.Verify(secret, Header(WebhookHeaders.Signature), Body, DateTimeOffset.UtcNow, tolerance ?? WebhookSignature.DefaultTolerance);
}

/// <summary>What the receiver answers to one request.</summary>
/// <param name="Delay">Held this long before answering (or until the sender gives up).</param>
public sealed record ReceiverAnswer(int Status, string? RetryAfter = null, TimeSpan? Delay = null);

/// <summary>
/// A webhook receiver on a real Kestrel server on 127.0.0.1: records every request and answers from a script
/// (queued answers first, then <see cref="DefaultAnswer"/>), so tests can make it fail, throttle or hang.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private readonly ConcurrentQueue<ReceiverAnswer> _script = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ReceiverAnswer DefaultAnswer { get; set; } = new(200);

    public IReadOnlyList<ReceivedDelivery> Received => [.. _received];

    public Uri Url(string path = "hooks/sync") => new(BaseUrl, path);

    /// <summary>The next requests get these answers, in order.</summary>
    public WebhookReceiver Answer(params ReceiverAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }

        return this;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived (bounded by <paramref name="timeout"/>).</summary>
    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (_received.Count < count && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Received;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedDelivery(DateTimeOffset.UtcNow, context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray()));

        var answer = _script.TryDequeue(out var scripted) ? scripted : DefaultAnswer;
        if (answer.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
