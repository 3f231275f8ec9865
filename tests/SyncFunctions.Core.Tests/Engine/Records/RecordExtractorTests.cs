using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Engine.Records;
using SyncFunctions.Core.Integrations;

namespace SyncFunctions.Core.Tests.Engine.Records;

public sealed class RecordExtractorTests
{
    private static readonly ResourceDefinition Contacts = new() { DeletedField = "archived" };
    private static readonly EndpointDefinition List = new() { Path = "/contacts", RecordsPath = "$.data" };

    private static ExtractedRecords Extract(string body, ResourceDefinition? resource = null, EndpointDefinition? endpoint = null, string method = "list", int max = Core.Records.RecordLimits.MaxRecordBytes) =>
        new RecordExtractor(resource ?? Contacts, endpoint ?? List, method, max).Extract(JsonNode.Parse(body));

    [Fact]
    public void Numeric_and_string_ids_both_become_text()
    {
        var page = Extract("""{"data":[{"id":42},{"id":"abc-1"},{"id":12345678901234567890}]}""");

        Assert.Equal(["42", "abc-1", "12345678901234567890"], page.Valid.Select(r => r.Id));
        Assert.Equal([0, 1, 2], page.Valid.Select(r => r.Index));
        Assert.Empty(page.Invalid);
        Assert.Equal(3, page.Count);
    }

    [Fact]
    public void Nested_id_fields_are_read_by_path()
    {
        var page = Extract("""{"data":[{"ref":{"id":7}}]}""", Contacts with { IdField = "ref.id" });

        Assert.Equal("7", Assert.Single(page.Valid).Id);
    }

    [Fact]
    public void Invalid_records_are_skipped_with_a_reason_and_the_rest_kept()
    {
        var page = Extract("""
            {"data":[
              {"id":1},
              "just a string",
              null,
              [1,2],
              {"name":"no id"},
              {"id":null},
              {"id":""},
              {"id":"   "},
              {"id":true},
              {"id":{"nested":1}},
              {"id":2}
            ]}
            """);

        Assert.Equal(["1", "2"], page.Valid.Select(r => r.Id));
        Assert.Equal(
            [
                (1, InvalidRecordReasons.NotAnObject), (2, InvalidRecordReasons.NotAnObject), (3, InvalidRecordReasons.NotAnObject),
                (4, InvalidRecordReasons.MissingId), (5, InvalidRecordReasons.MissingId), (6, InvalidRecordReasons.MissingId), (7, InvalidRecordReasons.MissingId),
                (8, InvalidRecordReasons.InvalidId), (9, InvalidRecordReasons.InvalidId),
            ],
            page.Invalid.Select(i => (i.Index, i.Reason)));
        Assert.All(page.Invalid, i => Assert.False(string.IsNullOrWhiteSpace(i.Message)));
        Assert.Equal(11, page.Count);
    }

    [Fact]
    public void Records_over_the_size_limit_are_too_large_and_keep_their_id()
    {
        var big = new string('x', 2000);
        var page = Extract($$"""{"data":[{"id":1,"blob":"{{big}}"},{"id":2,"blob":"small"}]}""", max: 1000);

        var invalid = Assert.Single(page.Invalid);
        Assert.Equal((InvalidRecordReasons.TooLarge, "1"), (invalid.Reason, invalid.Id));
        Assert.Equal("2", Assert.Single(page.Valid).Id);
    }

    [Theory]
    [InlineData("\"2024-05-06T07:08:09Z\"", "2024-05-06T07:08:09.0000000+00:00")]
    [InlineData("\"2024-05-06T09:08:09.123+02:00\"", "2024-05-06T07:08:09.1230000+00:00")]
    [InlineData("\"2024-05-06 07:08:09\"", "2024-05-06T07:08:09.0000000+00:00")]
    [InlineData("1714979289", "2024-05-06T07:08:09.0000000+00:00")]
    [InlineData("1714979289123", "2024-05-06T07:08:09.1230000+00:00")]
    [InlineData("\"yesterday\"", null)]
    [InlineData("null", null)]
    [InlineData("true", null)]
    public void Updated_at_is_parsed_when_it_can_be(string json, string? expected)
    {
        var record = Assert.Single(Extract($$"""{"data":[{"id":1,"updated_at":{{json}}}]}""").Valid);

        Assert.Equal(expected, record.UpdatedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Updated_at_may_be_missing() =>
        Assert.Null(Assert.Single(Extract("""{"data":[{"id":1}]}""").Valid).UpdatedAt);

    [Fact]
    public void A_custom_updated_at_field_is_used()
    {
        var record = Assert.Single(Extract("""{"data":[{"id":1,"meta":{"modified":"2020-01-01T00:00:00Z"}}]}""", Contacts with { UpdatedAtField = "meta.modified" }).Valid);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), record.UpdatedAt);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"true\"", true)]
    [InlineData("false", false)]
    [InlineData("1", false)]
    [InlineData("null", false)]
    public void The_deleted_flag_comes_from_deleted_field(string value, bool deleted) =>
        Assert.Equal(deleted, Assert.Single(Extract($$"""{"data":[{"id":1,"archived":{{value}}}]}""").Valid).Deleted);

    [Fact]
    public void Without_a_deleted_field_nothing_is_deleted() =>
        Assert.False(Assert.Single(Extract("""{"data":[{"id":1,"archived":true}]}""", new ResourceDefinition()).Valid).Deleted);

    [Fact]
    public void The_hash_ignores_key_order_and_whitespace()
    {
        var page = Extract("""
            {"data":[
              {"id":1,"name":"Ada","address":{"city":"London","zip":"N1"},"tags":["a","b"]},
              {  "tags" : [ "a", "b" ], "address": {"zip":"N1", "city":"London"}, "name":"Ada", "id":1 }
            ]}
            """);

        Assert.Equal(page.Valid[0].ContentHash, page.Valid[1].ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", page.Valid[0].ContentHash);
    }

    [Theory]
    [InlineData("""{"id":1,"name":"Ada!"}""")]
    [InlineData("""{"id":1,"name":"Ada","extra":null}""")]
    [InlineData("""{"id":1,"name":"ada"}""")]
    [InlineData("""{"id":"1","name":"Ada"}""")]
    [InlineData("""{"id":1,"name":["Ada"]}""")]
    public void Any_content_change_changes_the_hash(string changed)
    {
        var page = Extract($$"""{"data":[{"id":1,"name":"Ada"},{{changed}}]}""");

        Assert.NotEqual(page.Valid[0].ContentHash, page.Valid[1].ContentHash);
    }

    [Fact]
    public void Array_order_is_content()
    {
        var page = Extract("""{"data":[{"id":1,"t":["a","b"]},{"id":1,"t":["b","a"]}]}""");
        Assert.NotEqual(page.Valid[0].ContentHash, page.Valid[1].ContentHash);
    }

    [Fact]
    public void The_body_itself_may_be_the_array()
    {
        var page = Extract("""[{"id":1},{"id":2}]""", endpoint: List with { RecordsPath = null });
        Assert.Equal(2, page.Valid.Count);
    }

    [Fact]
    public void An_empty_array_is_an_empty_page() => Assert.Equal(0, Extract("""{"data":[]}""").Count);

    [Theory]
    [InlineData("""{"data":{"id":1}}""")]
    [InlineData("""{"data":"nope"}""")]
    [InlineData("""{"data":null}""")]
    [InlineData("""{"items":[]}""")]
    [InlineData("[]")]
    public void A_list_whose_records_path_is_not_an_array_fails_the_page(string body)
    {
        var ex = Assert.Throws<UpstreamDataException>(() => Extract(body));

        Assert.Equal(EngineErrorCodes.RecordsNotArray, ex.Code);
        Assert.Equal(UpstreamErrorKind.Data, ex.Kind);
        Assert.Contains("$.data", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_get_reads_one_record()
    {
        var page = Extract("""{"data":{"id":5,"name":"x"}}""", method: "get", endpoint: new EndpointDefinition { RecordsPath = "$.data" });

        Assert.Equal("5", Assert.Single(page.Valid).Id);
    }

    [Fact]
    public void A_get_without_a_record_fails_and_a_get_of_a_non_object_is_invalid()
    {
        var get = new EndpointDefinition { RecordsPath = "$.data" };

        Assert.Equal(EngineErrorCodes.RecordNotFound, Assert.Throws<UpstreamDataException>(() => Extract("""{"other":1}""", method: "get", endpoint: get)).Code);
        Assert.Equal(InvalidRecordReasons.NotAnObject, Assert.Single(Extract("""{"data":[1]}""", method: "get", endpoint: get).Invalid).Reason);
    }

    [Fact]
    public void Malformed_paths_in_the_definition_are_configuration_errors() =>
        Assert.Throws<ConfigurationException>(() => new RecordExtractor(Contacts with { IdField = "a..b" }, List, "list"));

    [Fact]
    public void Size_is_the_canonical_json_size()
    {
        var record = Assert.Single(Extract("""{"data":[ { "id" : 1 } ]}""").Valid);
        Assert.Equal("""{"id":1}""".Length, record.SizeBytes);
    }
}
