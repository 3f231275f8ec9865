using System.Globalization;
using System.Text.Json.Nodes;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// Record content as a pure function of (seed, resource, id): any record of a million-row set is computed on demand,
/// and base <c>updated_at</c> grows with id so a time filter turns into an id range.
/// </summary>
internal sealed class RecordGenerator
{
    public static readonly DateTimeOffset Epoch = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    private static readonly string[] FirstNames =
    [
        "Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia", "Donald",
        "Katherine", "John", "Hedy", "Tim", "Annie", "Guido", "Sophie", "Bjarne", "Joan", "Niklaus", "Karen", "Leslie",
        "Mary", "Vint", "Shafi", "Whitfield", "Lynn", "Butler", "Carol", "Yukihiro", "Evelyn", "Anders", "Jean", "Rob",
    ];

    private static readonly string[] LastNames =
    [
        "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra",
        "Perlman", "Knuth", "Johnson", "McCarthy", "Lamarr", "Berners-Lee", "Easley", "van Rossum", "Wilson", "Stroustrup",
        "Clarke", "Wirth", "Jones", "Lamport", "Conway", "Cerf", "Goldwasser", "Diffie", "Kernighan", "Lampson",
    ];

    private static readonly string[] Companies =
    [
        "Acme Corp", "Globex", "Initech", "Umbrella Labs", "Hooli", "Stark Industries", "Wayne Enterprises", "Wonka Foods",
        "Soylent", "Cyberdyne", "Tyrell", "Vandelay Industries", "Gringotts", "Oceanic Air", "Massive Dynamic",
        "Aperture Science", "Black Mesa", "Blue Sun", "Nakatomi Trading", "Monarch Solutions", "Dunder Mifflin",
        "Pied Piper", "Sterling Cooper", "Prestige Worldwide",
    ];

    private static readonly string[] Products =
    [
        "annual licence", "support renewal", "pilot", "seat expansion", "platform migration", "training package",
        "premium tier", "data add-on", "multi-year deal", "consulting hours",
    ];

    private static readonly string[] Stages = ["lead", "qualified", "proposal", "negotiation", "won", "lost"];
    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "USD", "USD", "EUR"];

    private static readonly string[] NoteOpeners =
    [
        "Called", "Emailed", "Met with", "Left a voicemail for", "Demoed the product to", "Had lunch with",
    ];

    private static readonly string[] NoteTopics =
    [
        "pricing", "the renewal", "onboarding", "a data export issue", "security review", "the integration roadmap",
        "invoicing", "the pilot results", "contract terms", "team expansion",
    ];

    private static readonly string[] NoteFollowUps =
    [
        "Follow up next week.", "Sending a proposal Friday.", "Waiting on legal.", "Looks promising.",
        "Needs a second demo.", "Asked for references.",
    ];

    private readonly ulong _seed;
    private readonly long _users;
    private readonly long _contacts;

    public RecordGenerator(int seed, long users, long contacts, NoteLayout notes)
    {
        _seed = Mix((ulong)seed);
        _users = users;
        _contacts = contacts;
        Notes = notes;
    }

    public NoteLayout Notes { get; }

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset CreatedAt(long id) => Epoch + Step * id;

    /// <summary>Strictly increasing in id: the jitter stays below one step.</summary>
    public DateTimeOffset UpdatedAt(string resource, long id) =>
        CreatedAt(id) + TimeSpan.FromSeconds((long)(Hash(resource, id, 1) % 60));

    /// <summary>Later than any base timestamp of a set with at most <paramref name="maxId"/> records per resource.</summary>
    public static DateTimeOffset After(long maxId) => CreatedAt(maxId + 1).Date.AddDays(1);

    public JsonObject Generate(string resource, long id) => resource switch
    {
        DemoResources.Users => User(id),
        DemoResources.Contacts => Contact(id),
        DemoResources.Deals => Deal(id),
        DemoResources.Notes => Note(id),
        _ => throw new ArgumentException($"Unknown resource '{resource}'", nameof(resource)),
    };

    /// <summary>A plausible edit for <see cref="DemoDataSet.Update"/> when the caller does not say what changed.</summary>
    public void Revise(string resource, JsonObject record, long id, int revision)
    {
        var h = Hash(resource, id, 1000 + revision);
        switch (resource)
        {
            case DemoResources.Users:
                record["name"] = PickDifferent(FirstNames, h, record["name"]?.ToString()?.Split(' ')[0]) + " " + Pick(LastNames, h >> 16);
                break;
            case DemoResources.Contacts:
                record["company"] = PickDifferent(Companies, h, record["company"]?.ToString());
                break;
            case DemoResources.Deals:
                record["stage"] = PickDifferent(Stages, h, record["stage"]?.ToString());
                record["value"] = Money(h >> 8);
                break;
            case DemoResources.Notes:
                record["body"] = $"{record["body"]} Update {revision}: {Pick(NoteFollowUps, h)}";
                break;
        }
    }

    private JsonObject User(long id)
    {
        var first = Pick(FirstNames, Hash(DemoResources.Users, id, 2));
        var last = Pick(LastNames, Hash(DemoResources.Users, id, 3));
        return Record(DemoResources.Users, id,
            ("name", $"{first} {last}"),
            ("email", $"{Slug(first)}.{Slug(last)}{id}@demo-crm.example.com"));
    }

    private JsonObject Contact(long id)
    {
        var first = Pick(FirstNames, Hash(DemoResources.Contacts, id, 2));
        var last = Pick(LastNames, Hash(DemoResources.Contacts, id, 3));
        var company = CompanyOf(id);
        return Record(DemoResources.Contacts, id,
            ("first_name", first),
            ("last_name", last),
            ("email", $"{Slug(first)}.{Slug(last)}{id}@{Slug(company)}.example.com"),
            ("company", company),
            ("owner_id", Reference(_users, Hash(DemoResources.Contacts, id, 4))));
    }

    private JsonObject Deal(long id)
    {
        var contactId = Reference(_contacts, Hash(DemoResources.Deals, id, 2));
        var company = contactId is { } c ? CompanyOf(c) : Pick(Companies, Hash(DemoResources.Deals, id, 3));
        return Record(DemoResources.Deals, id,
            ("name", $"{company} {Pick(Products, Hash(DemoResources.Deals, id, 4))}"),
            ("value", Money(Hash(DemoResources.Deals, id, 5))),
            ("currency", Pick(Currencies, Hash(DemoResources.Deals, id, 6))),
            ("stage", Pick(Stages, Hash(DemoResources.Deals, id, 7))),
            ("contact_id", contactId),
            ("owner_id", Reference(_users, Hash(DemoResources.Deals, id, 8))));
    }

    private JsonObject Note(long id)
    {
        var contactId = Notes.ContactOf(id) is var c and > 0 ? c : Reference(_contacts, Hash(DemoResources.Notes, id, 2));
        var h = Hash(DemoResources.Notes, id, 3);
        var who = contactId is { } owner ? Pick(FirstNames, Hash(DemoResources.Contacts, owner, 2)) : "the customer";
        return Record(DemoResources.Notes, id,
            ("contact_id", contactId),
            ("body", $"{Pick(NoteOpeners, h)} {who} about {Pick(NoteTopics, h >> 16)}. {Pick(NoteFollowUps, h >> 32)}"));
    }

    private JsonObject Record(string resource, long id, params ReadOnlySpan<(string Key, JsonNode? Value)> fields)
    {
        var record = new JsonObject { ["id"] = id };
        foreach (var (key, value) in fields) record[key] = value;
        record["created_at"] = Format(CreatedAt(id));
        record["updated_at"] = Format(UpdatedAt(resource, id));
        return record;
    }

    private string CompanyOf(long contactId) => Pick(Companies, Hash(DemoResources.Contacts, contactId, 5));

    private static long? Reference(long count, ulong h) => count > 0 ? (long)(h % (ulong)count) + 1 : null;

    private static decimal Money(ulong h) => (long)(h % 5_000_000 + 50_000) / 100m;

    private static string Pick(string[] values, ulong h) => values[(int)(h % (ulong)values.Length)];

    private static string PickDifferent(string[] values, ulong h, string? current)
    {
        var index = (int)(h % (ulong)values.Length);
        return values[index] == current ? values[(index + 1) % values.Length] : values[index];
    }

    private static string Slug(string text) => text.ToLowerInvariant().Replace(" ", "-", StringComparison.Ordinal);

    private ulong Hash(string resource, long id, int salt) =>
        Mix(_seed ^ Mix((ulong)ResourceCode(resource) << 32 | (uint)salt) ^ Mix((ulong)id));

    private static int ResourceCode(string resource) => resource switch
    {
        DemoResources.Users => 1,
        DemoResources.Contacts => 2,
        DemoResources.Deals => 3,
        _ => 4,
    };

    // SplitMix64 finaliser: cheap, well-mixed, and the same on every platform.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
