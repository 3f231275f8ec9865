using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using SyncFunctions.Core.Security;
using SyncFunctions.Http;
using SyncFunctions.Http.Pipeline;
using SyncFunctions.Tests.Http;

namespace SyncFunctions.Tests.Fuzz;

/// <summary>
/// Generators of requests to every route of <see cref="ApiRoutes.All"/>: a route's real body bent out of shape or
/// replaced, real and junk ids, queries and cursors, header spellings. Only loopback URLs are ever generated, and
/// every string is drawn from an alphabet without ':' or '/', so no body can name another host.
/// </summary>
internal sealed class FuzzGen(FuzzPools pools)
{
    private ApiWorld World => pools.World;

    /// <summary>Strings that have broken parsers, key encodings and validators before.</summary>
    private static readonly string[] NastyStrings =
    [
        "", " ", "\t", "null", "0", "-1", "true", "ü", "名前", "🚀", "e\u0301", "\u202Eevil", "\uFEFF", "\u0001", "\u007F",
        "..", "../..", "%2F", "a%2Fb", "%00", "%", "#", "?", "\\", "'", "\"", "*", "' or PartitionKey ne '", "{{credentials.token}}",
        "{{resources.crm.contacts.id}}", "$.data", "$..*", "^(a+)+$", "(?<a>", "* * * * *", "0 3 * * *", "61 25 32 13 8", "@yearly",
        "2024-01-01T00:00:00Z", "2024-02-30", "0001-01-01", "9999-12-31T23:59:59Z", "stopped", "fail_fast", "batch", "ignore",
        "sync_job_run:completed", "crm/contacts", "\u00A0", "<script>alert(1)</script>", "${jndi:ldap}", "x\r\nSet-Cookie: a=b",
        "00000000-0000-0000-0000-000000000000", "sfk_" + new string('x', 60),
    ];

    // Loopback only: the app lets tests reach 127.0.0.1 (AllowedUpstreamHosts), and nothing else may be dialled.
    private static readonly string[] Urls =
    [
        "http://127.0.0.1:9/", "http://127.0.0.1:1/x", "https://127.0.0.1:9/", "http://localhost:9/", "http://[::1]:9/",
        "http://0x7f000001:9/", "http://2130706433:9/", "http://127.1:9/", "ftp://127.0.0.1/", "file:///etc/passwd",
        "http://127.0.0.1:99999/", "http://user:pass@127.0.0.1:9/", "127.0.0.1", "http://", "//127.0.0.1:9/",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "3.14", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "123456789012345678901234567890", "1e400", "-1e400", "1e-400", "1E2", "0.0000001",
    ];

    private static readonly string[] FieldNames =
    [
        "name", "environment_id", "scopes", "integration_name", "credentials", "variables", "base_url", "resources", "auth",
        "args_schema", "args", "sync_job_id", "integrated_account_id", "error_handling", "version", "ignore_previous_run",
        "daemon_group_key", "webhook_id", "status", "cron_expression", "url", "events", "description", "data", "ack_keys",
        "$ref", "pattern", "type", "properties", "required", "id", "__proto__", "constructor", "unknown", "",
    ];

    private static readonly string[] QueryNames =
    [
        "cursor", "limit", "environment_id", "integration_name", "sync_job_id", "integrated_account_id", "status", "resource",
        "modified_after", "filters[service]", "filters[externalid]", "service", "externalid", "filters", "cursor[]", "x",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json; charset=utf-8", "text/plain", "", "application/problem+json", "application/x-www-form-urlencoded",
        "application/json; charset=utf-16", "APPLICATION/JSON", "multipart/form-data; boundary=x", "application/jsonx", "*/*",
    ];

    private static readonly Gen<char> SafeChar = Gen.Frequency(
        (8, Gen.Choose('a', 'z').Select(c => (char)c)),
        (2, Gen.Elements("0123456789-_.~!$&'()*+,;=@ %#?[]{}\"\\".ToCharArray())),
        (2, Gen.Choose(0x80, 0x2FFF).Select(c => (char)c)),
        (1, Gen.Choose(0, 0x1F).Select(c => (char)c)),
        (1, Gen.Choose(0xD800, 0xDFFF).Select(c => (char)c)));

    /// <summary>Any string a client could send inside JSON (lone surrogates included: JSON escapes them).</summary>
    public static Gen<string> Strings { get; } = Gen.Frequency(
        (8, Gen.Elements(NastyStrings)),
        (4, Gen.Elements(Urls)),
        (8, Gen.Choose(0, 40).SelectMany(n => SafeChar.ArrayOf(n)).Select(c => new string(c))),
        (1, Gen.Elements(300, 5_000, 70_000).Select(n => new string('a', n))));

    /// <summary>JSON scalars, including what .NET cannot hold.</summary>
    public static Gen<JsonText> Scalars { get; } = Gen.Frequency(
        (2, Gen.Elements("null", "true", "false").Select(Raw)),
        (3, Gen.Elements(Numbers).Select(Raw)),
        (5, Strings.Select(s => Raw(JsonSerializer.Serialize(s)))),
        (2, Gen.Elements("\"\\ud800\"", "\"a\\udc00\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\\ud83d\\ude80\"").Select(Raw)));

    private static JsonText Raw(string text) => new JsonText.Raw(text);

    /// <summary>Any JSON value, nested a few levels.</summary>
    public static Gen<JsonText> Values { get; } = Gen.Sized(size => ValuesOf(Math.Min(size / 20, 3)));

    private static Gen<JsonText> ValuesOf(int depth) => depth <= 0
        ? Scalars
        : Gen.Frequency(
            (4, Scalars),
            (1, Gen.Choose(0, 3).SelectMany(n => ValuesOf(depth - 1).ListOf(n)).Select(items => (JsonText)new JsonText.Arr([.. items]))),
            (1, Gen.Choose(0, 3).SelectMany(n => Gen.Zip(Gen.Elements(FieldNames), ValuesOf(depth - 1)).ListOf(n))
                .Select(members => (JsonText)new JsonText.Obj([.. members.Select(m => (m.Item1, m.Item2))]))));

    /// <summary>The body each route really takes, from the seeded world (null: the route reads none).</summary>
    private string? Template(ApiRoute route) => route.FunctionName switch
    {
        nameof(ApiRoutes.CreateEnvironment) => """{"name":"fuzzed"}""",
        nameof(ApiRoutes.CreateApiKey) => $$"""{"environment_id":"{{World.EnvironmentA}}","name":"fuzzed","scopes":["runs","status"]}""",
        nameof(ApiRoutes.PutIntegration) => World.IntegrationBody(),
        nameof(ApiRoutes.CreateIntegratedAccount) or nameof(ApiRoutes.UpdateIntegratedAccount) =>
            $$$"""{"integration_name":"{{{ApiWorld.Integration}}}","credentials":{"token":"{{{World.Credential}}}"},"variables":{"region":"eu"}}""",
        nameof(ApiRoutes.CreateSyncJob) or nameof(ApiRoutes.UpdateSyncJob) =>
            $$$$"""{"integration_name":"{{{{ApiWorld.Integration}}}}","args_schema":{"type":"object","properties":{"since":{"type":"string","pattern":"^[0-9-]+$"}}},"resources":[{"resource":"crm/contacts","method":"list","query":{"since":"{{args.since}}"}},{"resource":"crm/users","method":"get","depends_on":"crm/contacts","id":"{{resources.crm.contacts.owner_id}}"}]}""",
        nameof(ApiRoutes.CreateSyncJobRun) =>
            $$$"""{"sync_job_id":"{{{World.JobId}}}","integrated_account_id":"{{{World.AccountId}}}","args":{"since":"2024-01-01"},"error_handling":"batch","version":2,"ignore_previous_run":true,"daemon_group_key":"g"}""",
        nameof(ApiRoutes.UpdateSyncJobRun) => """{"status":"stopped"}""",
        nameof(ApiRoutes.CreateSyncJobCronTrigger) or nameof(ApiRoutes.UpdateSyncJobCronTrigger) =>
            $$$"""{"sync_job_id":"{{{World.JobId}}}","integrated_account_id":"{{{World.AccountId}}}","args":{"since":"2024-01-01"},"cron_expression":"0 3 * * *","webhook_id":"{{{World.WebhookId}}}"}""",
        nameof(ApiRoutes.CreateWebhook) => """{"url":"http://127.0.0.1:9/hook","events":["sync_job_run:completed","sync_job_run:failed"],"description":"fuzzed"}""",
        nameof(ApiRoutes.AckDeviceSync) => """{"data":{"ack_keys":["a","b"]}}""",
        _ => null,
    };

    private static Gen<JsonText> Mutate(JsonText template) =>
        from count in Gen.Choose(1, 3)
        from mutated in Enumerable.Range(0, count).Aggregate(Gen.Constant(template), (gen, _) => gen.SelectMany(MutateOnce))
        select mutated;

    private static Gen<JsonText> MutateOnce(JsonText json)
    {
        var places = json.Places().ToArray();
        return from place in Gen.Elements(places)
               from kind in Gen.Choose(0, 9)
               from value in Values
               from key in Gen.Elements(FieldNames)
               select kind switch
               {
                   <= 4 => json.With(place, value) ?? value,
                   <= 6 => json.With(place, null) ?? new JsonText.Obj([]),
                   7 => json.Adding(place, key, value),
                   // The same member twice: which one wins must not depend on luck.
                   _ => json.Adding(place, "name", value).Adding(place, "name", Raw("\"second\"")),
               };
    }

    private static Gen<FuzzBody> Json(Gen<JsonText> json, Gen<string?> contentType) =>
        from j in json from ct in contentType select new FuzzBody(j.ToString(), null, ct);

    private static readonly Gen<string?> JsonContentType = Gen.Frequency(
        (12, Gen.Constant<string?>("application/json")),
        (2, Gen.Constant<string?>(null)),
        (2, Gen.Elements(ContentTypes).Select(c => (string?)c)));

    private static readonly string[] NotJson =
    [
        "{", "}", "[", "{\"a\":}", "{\"a\":1,}", "nul", "tru", "'x'", "<x/>", "a=b&c=d", "{\"a\":1}{\"b\":2}", "\"unterminated",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{a:1}", "// comment\n{}", "{\"a\":1 /* c */}", "\u0000", " ", "\r\n",
    ];

    public Gen<FuzzBody> Bodies(ApiRoute route)
    {
        var template = Template(route) is { } t ? JsonText.Parse(t) : new JsonText.Obj([("name", Raw("\"x\""))]);
        return Gen.Frequency(
            (3, Json(Gen.Constant(template), JsonContentType)),
            (12, Json(Mutate(template), JsonContentType)),
            (3, Json(Values, JsonContentType)),
            (2, Gen.Elements(NotJson).Select(s => new FuzzBody(s, null, "application/json"))),
            (2, Gen.Elements<FuzzBody>(new FuzzBody(null, null, null), new FuzzBody("", null, "application/json"), new FuzzBody(null, null, "application/json"))),
            (1, Gen.Elements(70, 300, 20_000).SelectMany(depth => Gen.Elements(
                new FuzzBody(new string('[', depth) + new string(']', depth), null, "application/json"),
                new FuzzBody(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth), null, "application/json")))),
            (1, Gen.Choose(1, 64).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n))
                .Select(bytes => new FuzzBody(null, [0xFF, 0xFE, .. bytes, 0xED, 0xA0, 0x80, 0xC0], "application/json"))),
            (1, Gen.Choose(0, 4).Select(n => n == 0
                ? new FuzzBody("{\"name\":\"" + new string('x', (1024 * 1024) + 10) + "\"}", null, "application/json")
                : new FuzzBody("{\"name\":\"" + new string('x', 1000) + "\"}", null, "application/json"))));
    }

    /// <summary>A path id: a real one of the route's kind (a spare, where the route deletes), another kind's, or junk the host could deliver.</summary>
    public Gen<string?> Ids(ApiRoute route)
    {
        var kind = FuzzPools.KindOf(route);
        if (kind is null && !route.Template.Contains('{', StringComparison.Ordinal))
        {
            return Gen.Constant<string?>(null);
        }

        var real = kind is null ? [] : route.Method == "DELETE" ? pools.Spares[kind] : pools.Ids[kind];
        var anyReal = pools.Ids.Values.SelectMany(v => v).ToArray();
        var junk = Strings.Select(HostDeliverable);
        return Gen.Frequency(
            (real.Count == 0 ? 0 : 6, Gen.Elements<string>(real.Count == 0 ? ["x"] : real)),
            (1, Gen.Elements(anyReal)),
            (4, junk)).Select(s => (string?)s);
    }

    // A route value as the host decodes it: never '/', never NUL, and valid UTF-16 (a URL is UTF-8).
    private static string HostDeliverable(string s) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s.Replace("/", "%2F", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal)));

    private Gen<string> QueryValues() => Gen.Frequency(
        (3, Gen.Elements(pools.Cursors.ToArray())),
        (3, Gen.Elements(pools.Cursors.ToArray()).SelectMany(Tamper)),
        (2, Gen.Choose(0, 80).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n))
            .Select(b => Uri.EscapeDataString(Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_')))),
        (2, Gen.Elements("0", "-1", "1", "100", "101", "1000000", "1e3", "abc", "9999999999999999999", "0x10", " 5", "5 ")),
        (3, Gen.Elements(pools.Ids.Values.SelectMany(v => v).ToArray()).Select(Uri.EscapeDataString)),
        (3, Strings.Select(s => Uri.EscapeDataString(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s))))),
        (1, Gen.Elements("%", "%zz", "%FF", "%ED%A0%80", "%C0%AF", "&&", "==", "a=b=c", "%26", "+", "%2B")));

    private static Gen<string> Tamper(string cursor) =>
        from at in Gen.Choose(0, Math.Max(0, cursor.Length - 1))
        from how in Gen.Choose(0, 4)
        from c in Gen.Elements("AZaz09-_.=%".ToCharArray())
        select Uri.EscapeDataString(how switch
        {
            0 => cursor[..at] + c + cursor[(at + 1)..],
            1 => cursor[..at],
            2 => cursor + c,
            3 => string.Concat(cursor.Reverse()),
            _ => cursor.ToUpperInvariant(),
        });

    public Gen<string> Queries() =>
        Gen.Choose(0, 4).SelectMany(n =>
            Gen.Zip(Gen.Elements(QueryNames), QueryValues()).ListOf(n)
                .Select(pairs => string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + p.Item2))));

    /// <summary>Authorization spellings, labelled; most carry the key with every scope so requests reach the handlers.</summary>
    public Gen<(string Label, string? Value)> Authorizations() => Gen.Frequency(
        (40, Gen.Constant<(string, string?)>(("key A (all scopes)", "Bearer " + World.KeyA))),
        (2, Gen.Constant<(string, string?)>(("bearer key A, lower case, padded", "bearer   " + World.KeyA + "  "))),
        (5, Gen.Constant<(string, string?)>(("root admin key", "Bearer " + World.AdminKey))),
        (1, Gen.Constant<(string, string?)>(("key B (other environment)", "Bearer " + World.KeyB))),
        (1, Gen.Constant<(string, string?)>(("revoked key", "Bearer " + World.RevokedKey))),
        (3, Gen.Elements<(string, string?)>(
            ("none", null), ("empty", ""), ("Basic", "Basic dXNlcjpwYXNz"), ("Bearer, no token", "Bearer "),
            ("key A without scheme", World.KeyA), ("key A twice", $"Bearer {World.KeyA}, Bearer {World.KeyA}"),
            ("64 x", "Bearer " + new string('x', 64)), ("10,000 x", "Bearer " + new string('x', 10_000)),
            ("key A with a tab", "Bearer\t" + World.KeyA), ("sfk_ + junk", "Bearer sfk_" + new string('!', 60)))));

    private static readonly Gen<string> HeaderValues = Gen.Frequency(
        (3, Gen.Choose(0, 40).SelectMany(n => Gen.Choose(0x20, 0x7E).Select(c => (char)c).ArrayOf(n)).Select(c => new string(c))),
        (1, Gen.Elements("", " ", "\t", new string('k', 256), new string('k', 8_000), "manual", "Manual", "null")));

    public Gen<List<KeyValuePair<string, string>>> Headers(ApiRoute route)
    {
        var device = Gen.Frequency(
            (6, Gen.Constant(World.Device)),
            (2, Gen.Fresh(() => Guid.NewGuid().ToString())),
            (1, Gen.Elements("{" + World.Device + "}", World.Device.ToUpperInvariant(), World.Device.Replace("-", "", StringComparison.Ordinal))),
            (2, HeaderValues));
        var sync = route.Scope == Scopes.Sync;
        return from withDevice in Gen.Choose(0, 9).Select(n => n < (sync ? 9 : 1))
               from deviceValue in device
               from withKey in Gen.Choose(0, 9).Select(n => n < (route.Method == "POST" ? 3 : 1))
               from key in Gen.Frequency((2, Gen.Elements("fz-1", "fz-2")), (1, HeaderValues))
               from withTrigger in Gen.Choose(0, 9).Select(n => n == 0)
               from trigger in HeaderValues
               select new List<KeyValuePair<string, string>>(
                   (withDevice ? [new("X-Basecrm-Device-UUID", deviceValue)] : Array.Empty<KeyValuePair<string, string>>())
                   .Concat(withKey ? [new("Idempotency-Key", key)] : [])
                   .Concat(withTrigger ? [new("X-SyncFunctions-Trigger", trigger)] : []));
    }

    /// <summary>A request to any route; the self-test (one Durable orchestration each) is drawn rarely.</summary>
    public Gen<FuzzCase> Cases() =>
        Gen.Frequency(ApiRoutes.All.Select(route => (route == ApiRoutes.SelfTest ? 1 : 40, Case(route))).ToArray());

    private Gen<FuzzCase> Case(ApiRoute route) =>
        from auth in Authorizations()
        from id in Ids(route)
        from query in Queries()
        from headers in Headers(route)
        from body in route.Method is "GET" or "DELETE" ? Gen.Frequency((4, Gen.Constant(new FuzzBody(null, null, null))), (1, Bodies(route))) : Bodies(route)
        select new FuzzCase(route, auth.Label, auth.Value, id, query, headers, body);
}
