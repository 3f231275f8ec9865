namespace SyncFunctions.DemoUpstream;

/// <summary>Everything that shapes one demo upstream: data sizes, credentials, limits.</summary>
public sealed record DemoUpstreamOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (read it back from <see cref="DemoUpstreamServer.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>Same seed, same sizes: byte-identical responses, so runs and machines can be compared.</summary>
    public int Seed { get; init; } = 42;

    public long Users { get; init; } = 20;
    public long Contacts { get; init; } = 1000;
    public long Deals { get; init; } = 300;

    /// <summary>Contact <c>i</c> has <c>i % NotesModulus</c> notes, so some contacts have none and counts vary.</summary>
    public int NotesModulus { get; init; } = 4;

    /// <summary>The <c>none</c> style refuses larger lists, like real APIs that only allow unpaged reads of small sets.</summary>
    public int MaxUnpagedRecords { get; init; } = 10_000;

    public UpstreamAuth Auth { get; init; } = new();

    /// <summary>Requests per second before 429; null means unlimited.</summary>
    public int? RateLimitPerSecond { get; init; }

    /// <summary>
    /// Source of <c>updated_at</c> for mutations. Whatever it returns, the data set moves time forward past every
    /// base timestamp and every earlier mutation, so <c>updated_since</c> always sees a change. Null: a counter.
    /// </summary>
    public Func<DateTimeOffset>? Clock { get; init; }

    /// <summary>Wall time for rate-limit windows and OAuth token expiry; tests swap it to step time by hand.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Parses the standalone command line (<c>--port 5080 --contacts 1000 ...</c>).</summary>
    public static DemoUpstreamOptions FromArgs(IReadOnlyList<string> args)
    {
        var options = new DemoUpstreamOptions();
        var auth = new UpstreamAuth();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            long Number() => long.TryParse(Value(), out var n) && n >= 0 ? n : throw new ArgumentException($"{name} needs a non-negative number");
            switch (name)
            {
                case "--port": options = options with { Port = checked((int)Number()) }; break;
                case "--seed": options = options with { Seed = checked((int)Number()) }; break;
                case "--users": options = options with { Users = Number() }; break;
                case "--contacts": options = options with { Contacts = Number() }; break;
                case "--deals": options = options with { Deals = Number() }; break;
                case "--notes-modulus": options = options with { NotesModulus = checked((int)Number()) }; break;
                case "--rate-limit": options = options with { RateLimitPerSecond = checked((int)Number()) }; break;
                case "--bearer-token": auth = auth with { BearerToken = Value() }; break;
                case "--api-key": auth = auth with { ApiKey = Value() }; break;
                case "--basic-user": auth = auth with { BasicUser = Value() }; break;
                case "--basic-password": auth = auth with { BasicPassword = Value() }; break;
                case "--oauth-client-id": auth = auth with { OAuthClientId = Value() }; break;
                case "--oauth-client-secret": auth = auth with { OAuthClientSecret = Value() }; break;
                default: throw new ArgumentException($"Unknown option {name}");
            }
        }
        return options with { Auth = auth };
    }
}
