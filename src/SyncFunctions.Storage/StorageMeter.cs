using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SyncFunctions.Storage;

/// <summary>
/// Counts the storage requests made by every adapter, and the entities table reads return, inside a
/// measurement (<see cref="Measure"/>). Cost claims ("a session start reads O(changes) entities")
/// are checked by counting, not timing. The measurement flows with the async context, so only the
/// work started inside it is counted; outside a measurement the policy does nothing.
/// </summary>
public sealed class StorageMeter : HttpPipelinePolicy
{
    private static readonly AsyncLocal<StorageMeasurement?> Current = new();

    private StorageMeter()
    {
    }

    /// <summary>The policy every storage client of the app carries (see <see cref="StorageClients"/>).</summary>
    public static StorageMeter Policy { get; } = new();

    /// <summary>Starts counting the storage calls of this async flow until the measurement is disposed.</summary>
    public static StorageMeasurement Measure()
    {
        var measurement = new StorageMeasurement(Current.Value, m => Current.Value = m);
        Current.Value = measurement;
        return measurement;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Current.Value?.Record(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Current.Value?.Record(message);
    }
}

/// <summary>What one measurement counted: requests, and entities returned by table reads, per table.</summary>
public sealed class StorageMeasurement : IDisposable
{
    private readonly StorageMeasurement? _outer;
    private readonly Action<StorageMeasurement?> _restore;
    private readonly ConcurrentDictionary<string, TableCount> _tables = new(StringComparer.Ordinal);
    private long _requests;
    private long _entitiesRead;

    internal StorageMeasurement(StorageMeasurement? outer, Action<StorageMeasurement?> restore)
    {
        _outer = outer;
        _restore = restore;
    }

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Entities returned by table point reads and queries.</summary>
    public long EntitiesRead => Interlocked.Read(ref _entitiesRead);

    /// <summary>Requests and entities read, by table (full name, prefix included) or queue.</summary>
    public IReadOnlyDictionary<string, TableCount> ByTable => _tables.ToDictionary(p => p.Key, p => p.Value);

    public override string ToString() =>
        $"{Requests} requests, {EntitiesRead} entities read: " + string.Join(", ", _tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}"));

    public void Dispose() => _restore(_outer);

    internal void Record(HttpMessage message)
    {
        var target = TargetName(message.Request.Uri.Path);
        var entities = message.Request.Method == RequestMethod.Get && message.HasResponse && message.Response.Status == 200
            ? CountEntities(message.Response)
            : 0;
        for (var m = this; m is not null; m = m._outer)
        {
            Interlocked.Increment(ref m._requests);
            Interlocked.Add(ref m._entitiesRead, entities);
            m._tables.AddOrUpdate(target, _ => new TableCount(1, entities), (_, c) => new TableCount(c.Requests + 1, c.EntitiesRead + entities));
        }
    }

    // Path-style (Azurite: /account/table(...)) and host-style (/table(...)) URLs alike: the last segment, keys stripped.
    private static string TargetName(string path)
    {
        var segment = path.TrimEnd('/');
        segment = segment[(segment.LastIndexOf('/') + 1)..];
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        return paren >= 0 ? segment[..paren] : segment;
    }

    // A query answers {"value":[...]}; a point read answers the entity itself.
    private static int CountEntities(Azure.Response response)
    {
        if (response.Headers.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return 0;
        }

        try
        {
            using var json = JsonDocument.Parse(response.Content.ToMemory());
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
                ? value.GetArrayLength()
                : 1;
        }
        catch (JsonException)
        {
            return 0;
        }
        catch (InvalidOperationException)
        {
            // A streamed (unbuffered) response: its content is not ours to read.
            return 0;
        }
    }
}

public readonly record struct TableCount(long Requests, long EntitiesRead)
{
    public override string ToString() => $"{Requests}r/{EntitiesRead}e";
}
