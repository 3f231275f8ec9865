using SyncFunctions.Core.DeviceSync;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Core.Tests.DeviceSync;

public sealed class DeviceSyncRulesTests
{
    [Theory]
    [InlineData("crm/contacts", "contact")]
    [InlineData("crm/companies", "company")]
    [InlineData("mail/addresses", "address")]
    [InlineData("crm/boxes", "box")]
    [InlineData("crm/matches", "match")]
    [InlineData("crm/status", "status")]
    [InlineData("crm/analysis", "analysis")]
    [InlineData("leads", "lead")]
    [InlineData("crm/staff", "staff")]
    public void Type_names_are_the_singular_last_segment(string resource, string type) => Assert.Equal(type, RecordTypeNames.Derive(resource));

    [Theory]
    [InlineData("42", "42")]
    [InlineData("0", "0")]
    [InlineData("007", "\"007\"")]
    [InlineData("-1", "\"-1\"")]
    [InlineData("abc", "\"abc\"")]
    [InlineData("12345678901234567890", "\"12345678901234567890\"")]
    public void Ids_that_are_canonical_integers_become_numbers(string id, string json) => Assert.Equal(json, RecordIds.ToJson(id).ToJsonString());

    [Theory]
    [InlineData("6F1C3C1E-9D7E-4C55-A1B6-3F5B9F1F0A11", "6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11")]
    [InlineData(" 6f1c3c1e9d7e4c55a1b63f5b9f1f0a11 ", "6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11")]
    public void Device_uuids_are_normalised(string raw, string expected) => Assert.Equal(expected, DeviceUuid.Parse(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("device-1")]
    [InlineData("{6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11}")]
    public void Other_device_ids_are_400s_naming_the_header(string? raw)
    {
        var ex = Assert.Throws<ApiException>(() => DeviceUuid.Parse(raw));
        Assert.Equal((ProblemKind.Invalid, "invalid_device_uuid", DeviceUuid.Header), (ex.Kind, ex.Code, ex.Field));
    }

    [Fact]
    public void Session_ids_carry_their_slot_and_nothing_else_parses()
    {
        var id = SessionIds.New(42);

        Assert.True(SessionIds.TryGetSlot(id, out var slot));
        Assert.Equal(42, slot);
        Assert.Equal(SessionIds.Length, id.Length);
        Assert.NotEqual(id, SessionIds.New(42));
        Assert.False(SessionIds.TryGetSlot(id[..^2] + "ab", out _));
        Assert.False(SessionIds.TryGetSlot(id.ToUpperInvariant(), out _));
        Assert.False(SessionIds.TryGetSlot(id + "0", out _));
        Assert.False(SessionIds.TryGetSlot(null, out _));
    }

    [Fact]
    public void Ack_messages_round_trip_and_anything_else_is_malformed()
    {
        var message = new AckMessage("env", "key-1", "6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11", [new FeedAcks("0123456789abcdef", [3, 5])]);

        var parsed = AckMessage.TryParse(message.ToJson());

        Assert.Equal(("env", "key-1", message.DeviceUuid), (parsed!.EnvironmentId, parsed.KeyId, parsed.DeviceUuid));
        Assert.Equal("0123456789abcdef", Assert.Single(parsed.Feeds).Feed);
        Assert.Equal([3L, 5L], parsed.Feeds[0].Revisions);
        Assert.Null(AckMessage.TryParse("[]"));
        Assert.Null(AckMessage.TryParse("""{"environment_id":"env","key_id":"k","device_uuid":"x","feeds":[]}"""));
        Assert.Null(AckMessage.TryParse("""{"environment_id":"env","device_uuid":"6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11","feeds":[]}"""));
        Assert.Null(AckMessage.TryParse("""{"environment_id":"env","key_id":"k","device_uuid":"6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11","feeds":[{"feed":"ab","revisions":[0]}]}"""));
        Assert.Null(AckMessage.TryParse("""{"environment_id":"env","key_id":"k","device_uuid":"6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11"}"""));
        Assert.Null(AckMessage.TryParse(null));
    }

    [Fact]
    public void Acks_are_split_into_messages_of_at_most_a_thousand_revisions_grouped_by_feed()
    {
        var device = new DeviceRef("env", "key-1", "6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11");
        var acks = Enumerable.Range(1, 1500).Select(r => new AckedRevision("aaaaaaaaaaaaaaaa", r))
            .Concat(Enumerable.Range(1, 700).Select(r => new AckedRevision("bbbbbbbbbbbbbbbb", r)))
            .Append(new AckedRevision("aaaaaaaaaaaaaaaa", 1))
            .ToList();

        var messages = AckMessage.Split(device, acks).ToList();

        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.True(m.Feeds.Sum(f => f.Revisions.Count) <= AckMessage.MaxRevisions));
        Assert.All(messages, m => Assert.Equal(device, m.Device));
        Assert.Equal(1500, messages.SelectMany(m => m.Feeds).Where(f => f.Feed == "aaaaaaaaaaaaaaaa").Sum(f => f.Revisions.Count));
        Assert.Equal(700, messages.SelectMany(m => m.Feeds).Where(f => f.Feed == "bbbbbbbbbbbbbbbb").Sum(f => f.Revisions.Count));
    }
}
