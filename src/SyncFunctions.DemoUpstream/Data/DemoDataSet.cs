using System.Globalization;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// The upstream's records: generated base data plus a handful of mutations kept in small dictionaries.
/// Tests mutate it between sync runs and read <see cref="Snapshot"/> as the truth to compare against.
/// </summary>
public sealed class DemoDataSet
{
    private readonly object _gate = new();
    private readonly RecordGenerator _generator;
    private readonly MutationClock _clock;
    private readonly Dictionary<string, ResourceState> _resources;
    private long _generated;

    public DemoDataSet(DemoUpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new NoteLayout(options.Contacts, options.NotesModulus);
        _generator = new RecordGenerator(options.Seed, options.Users, options.Contacts, layout);
        _resources = new()
        {
            [DemoResources.Users] = new(options.Users),
            [DemoResources.Contacts] = new(options.Contacts),
            [DemoResources.Deals] = new(options.Deals),
            [DemoResources.Notes] = new(layout.Total),
        };
        var largest = _resources.Values.Max(r => r.BaseCount);
        _clock = new MutationClock(RecordGenerator.After(largest), options.Clock);
    }

    /// <summary>Records built so far; lets tests check that a page cost O(page size), not O(N).</summary>
    public long RecordsGenerated => Interlocked.Read(ref _generated);

    /// <summary>How many records the resource had before any mutation.</summary>
    public long BaseCount(string resource) => State(resource).BaseCount;

    /// <summary>Live (not deleted) records now.</summary>
    public long Count(string resource)
    {
        var state = State(resource);
        lock (_gate)
        {
            var added = state.Live.Keys.Count(id => id > state.BaseCount);
            var deleted = state.Deleted.Keys.Count(id => id <= state.BaseCount);
            return state.BaseCount + added - deleted;
        }
    }

    /// <summary>All live records in id order, as the API would serve them now. Lazy; each call returns fresh copies.</summary>
    public IEnumerable<JsonObject> Snapshot(string resource) =>
        View(resource, default).After(0).Select(entry => entry.Shared ? (JsonObject)entry.Json.DeepClone() : entry.Json);

    /// <summary>The live record, or null when it never existed or was deleted.</summary>
    public JsonObject? Get(string resource, long id)
    {
        var name = DemoResources.Normalize(resource);
        lock (_gate)
        {
            return Current(name, id) is { } record ? (JsonObject)record.DeepClone() : null;
        }
    }

    /// <summary>
    /// Edits a live record and stamps a new, later <c>updated_at</c>. Without <paramref name="change"/> a realistic
    /// field changes (user name, contact company, deal stage and value, note body). Returns the new record.
    /// </summary>
    public JsonObject Update(string resource, long id, Action<JsonObject>? change = null)
    {
        var name = DemoResources.Normalize(resource);
        lock (_gate)
        {
            var state = _resources[name];
            var record = (JsonObject)(Current(name, id) ?? throw new KeyNotFoundException($"No live {name} record {id}")).DeepClone();
            if (change is null) _generator.Revise(name, record, id, ++state.Revisions);
            else change(record);
            var now = _clock.Next();
            record["id"] = id;
            record["updated_at"] = RecordGenerator.Format(now);
            state.Live[id] = new Stored(record, now);
            return (JsonObject)record.DeepClone();
        }
    }

    /// <summary>Deletes a live record; lists with <c>include_deleted=true</c> then show a tombstone. False if not live.</summary>
    public bool Delete(string resource, long id)
    {
        var name = DemoResources.Normalize(resource);
        lock (_gate)
        {
            if (Current(name, id) is not { } record) return false;
            var state = _resources[name];
            state.Live.Remove(id);
            state.Deleted[id] = new Stored(record, _clock.Next());
            return true;
        }
    }

    /// <summary>
    /// Appends a record with the next id after every existing one. Content is generated like the base records
    /// (an added note belongs to some contact) and <paramref name="init"/> may change it; timestamps are the mutation clock's.
    /// </summary>
    public long Add(string resource, Action<JsonObject>? init = null)
    {
        var name = DemoResources.Normalize(resource);
        lock (_gate)
        {
            var state = _resources[name];
            var id = state.NextId++;
            var record = _generator.Generate(name, id);
            var now = _clock.Next();
            record["created_at"] = RecordGenerator.Format(now);
            init?.Invoke(record);
            record["id"] = id;
            record["updated_at"] = RecordGenerator.Format(now);
            state.Live[id] = new Stored(record, now);
            return id;
        }
    }

    /// <summary>Live notes of a contact, in id order; empty when the contact is not live.</summary>
    public IEnumerable<JsonObject> NotesOf(long contactId) =>
        (NotesView(contactId, default)?.After(0) ?? []).Select(e => e.Shared ? (JsonObject)e.Json.DeepClone() : e.Json);

    internal RecordView View(string resource, ListFilter filter)
    {
        var name = DemoResources.Normalize(resource);
        var state = _resources[name];
        var lo = filter.UpdatedSince is { } since ? FirstBaseIdUpdatedAfter(name, since) : 1;
        lock (_gate)
        {
            return BuildView(name, state, lo, state.BaseCount, filter, _ => true);
        }
    }

    /// <summary>The notes of one contact, or null when that contact is not live.</summary>
    internal RecordView? NotesView(long contactId, ListFilter filter)
    {
        var state = _resources[DemoResources.Notes];
        var (first, last) = contactId >= 1 && contactId <= _resources[DemoResources.Contacts].BaseCount
            ? _generator.Notes.RangeOf(contactId)
            : (1, 0);
        var lo = Math.Max(first, filter.UpdatedSince is { } since ? FirstBaseIdUpdatedAfter(DemoResources.Notes, since) : 1);
        lock (_gate)
        {
            if (Current(DemoResources.Contacts, contactId) is null) return null;
            return BuildView(DemoResources.Notes, state, lo, last, filter, note => ContactIdOf(note) == contactId);
        }
    }

    private RecordView BuildView(string name, ResourceState state, long lo, long hi, ListFilter filter, Func<JsonObject, bool> belongs)
    {
        var excluded = state.Live.Keys.Concat(state.Deleted.Keys).Where(id => id >= lo && id <= hi).Order().ToArray();
        var extras = new List<RecordEntry>();
        foreach (var (id, stored) in state.Live)
        {
            if (IsAfter(stored.UpdatedAt, filter.UpdatedSince) && belongs(stored.Record))
                extras.Add(new RecordEntry(id, stored.Record, Shared: true));
        }
        if (filter.IncludeDeleted)
        {
            foreach (var (id, stored) in state.Deleted)
            {
                if (IsAfter(stored.UpdatedAt, filter.UpdatedSince) && belongs(stored.Record))
                    extras.Add(new RecordEntry(id, Tombstone(id, stored.UpdatedAt), Shared: false));
            }
        }
        extras.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new RecordView(lo, hi, excluded, [.. extras], id => Generate(name, id));
    }

    private JsonObject? Current(string name, long id)
    {
        var state = _resources[name];
        if (state.Deleted.ContainsKey(id)) return null;
        if (state.Live.TryGetValue(id, out var stored)) return stored.Record;
        return id >= 1 && id <= state.BaseCount ? Generate(name, id) : null;
    }

    private JsonObject Generate(string name, long id)
    {
        Interlocked.Increment(ref _generated);
        return _generator.Generate(name, id);
    }

    /// <summary>Base timestamps grow with id, so the first id past a time is a binary search, not a scan.</summary>
    private long FirstBaseIdUpdatedAfter(string name, DateTimeOffset since)
    {
        long lo = 1, hi = _resources[name].BaseCount + 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (_generator.UpdatedAt(name, mid) > since) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private static bool IsAfter(DateTimeOffset time, DateTimeOffset? since) => since is null || time > since;

    private static JsonObject Tombstone(long id, DateTimeOffset deletedAt) =>
        new() { ["id"] = id, ["deleted"] = true, ["updated_at"] = RecordGenerator.Format(deletedAt) };

    // Callers set contact_id as int, long or parsed JSON; the text form reads the same for all of them.
    private static long? ContactIdOf(JsonObject note) =>
        note["contact_id"] is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    private ResourceState State(string resource) => _resources[DemoResources.Normalize(resource)];

    private readonly record struct Stored(JsonObject Record, DateTimeOffset UpdatedAt);

    private sealed class ResourceState(long baseCount)
    {
        public long BaseCount { get; } = baseCount;
        public long NextId { get; set; } = baseCount + 1;
        public int Revisions { get; set; }
        public Dictionary<long, Stored> Live { get; } = [];
        public Dictionary<long, Stored> Deleted { get; } = [];
    }
}
