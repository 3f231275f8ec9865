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
        Assert.Equal((400, "invalid_device_uuid", DeviceUuid.Header), (ex.Status, ex.Code, ex.Field));
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
        var message = new AckMessage("env", "6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11", [3, 5]);

        var parsed = AckMessage.TryParse(message.ToJson());

        Assert.Equal(("env", message.DeviceUuid), (parsed!.EnvironmentId, parsed.DeviceUuid));
        Assert.Equal([3L, 5L], parsed.Revisions);
        Assert.Null(AckMessage.TryParse("[]"));
        Assert.Null(AckMessage.TryParse("""{"environment_id":"env","device_uuid":"x","revisions":[1]}"""));
        Assert.Null(AckMessage.TryParse("""{"environment_id":"env","device_uuid":"6f1c3c1e-9d7e-4c55-a1b6-3f5b9f1f0a11"}"""));
        Assert.Null(AckMessage.TryParse(null));
    }
}
