using SyncFunctions.Core.Engine;
using SyncFunctions.Core.Integrations;
using SyncFunctions.DemoUpstream;
using SyncFunctions.Upstream.Tests.Support;

namespace SyncFunctions.Upstream.Tests;

public sealed class ErrorClassificationTests
{
    [Fact]
    public async Task A_401_is_an_auth_error_after_a_single_request()
    {
        await using var harness = await UpstreamHarness.StartAsync(new DemoUpstreamOptions { Contacts = 5, Auth = new UpstreamAuth { BearerToken = "the-right-token-0001" } });
        var retries = new Retries();
        var call = harness.Call("/page/contacts", new AuthDefinition { Type = AuthTypes.Bearer },
            new Dictionary<string, string> { ["token"] = "a-wrong-token-0002" }, onRetry: retries.Record);

        var ex = await Assert.ThrowsAnyAsync<SyncEngineException>(() => harness.Client.SendAsync(call, CancellationToken.None));

        Assert.Equal(UpstreamErrorKind.Auth, ex.Kind);
        Assert.Equal(EngineErrorCodes.UpstreamRejectedCredentials, ex.Code);
        Assert.Single(harness.Requests("/page/contacts"));
        Assert.Empty(retries.Seen);
    }

    [Fact]
    public async Task A_403_is_an_auth_error_too()
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", Fault = Fault.Status(403) });

        var ex = await Assert.ThrowsAnyAsync<SyncEngineException>(() => harness.GetAsync("/page/contacts"));

        Assert.Equal(UpstreamErrorKind.Auth, ex.Kind);
        Assert.Single(harness.Requests("/page/contacts"));
    }

    [Fact]
    public async Task A_404_on_a_list_is_a_rejected_request_not_retried()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var ex = await Assert.ThrowsAnyAsync<SyncEngineException>(() => harness.GetAsync("/page/no-such-resource"));

        // The classifier's rule: a list endpoint that is not there means the definition is wrong.
        Assert.Equal(UpstreamErrorKind.Config, ex.Kind);
        Assert.Equal(EngineErrorCodes.UpstreamRejectedRequest, ex.Code);
        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
        Assert.Single(harness.Requests("/page/no-such-resource"));
    }

    [Fact]
    public async Task A_404_on_a_single_record_is_a_data_error_for_that_record()
    {
        await using var harness = await UpstreamHarness.StartAsync();

        var ex = await Assert.ThrowsAsync<UpstreamDataException>(
            () => harness.Client.SendAsync(harness.Call("/page/contacts/999999", singleRecord: true), CancellationToken.None));

        Assert.Equal(UpstreamErrorKind.Data, ex.Kind);
        Assert.Equal(EngineErrorCodes.RecordNotFound, ex.Code);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(422)]
    public async Task A_400_or_422_is_a_rejected_request(int status)
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule { PathPrefix = "/page/contacts", Fault = Fault.Status(status) });

        var ex = await Assert.ThrowsAnyAsync<SyncEngineException>(() => harness.GetAsync("/page/contacts"));

        Assert.Equal(UpstreamErrorKind.Config, ex.Kind);
        Assert.Equal(EngineErrorCodes.UpstreamRejectedRequest, ex.Code);
        Assert.Single(harness.Requests("/page/contacts"));
    }

    [Theory]
    [InlineData("malformed", "upstream_invalid_json")]
    [InlineData("truncated", "upstream_invalid_json")]
    [InlineData("html", "upstream_not_json")]
    public async Task An_answer_that_is_not_usable_json_is_a_data_error_and_not_retried(string fault, string code)
    {
        await using var harness = await UpstreamHarness.StartAsync();
        harness.Server.Faults.Add(new FaultRule
        {
            PathPrefix = "/page/contacts",
            Fault = fault switch
            {
                "malformed" => Fault.MalformedJson(),
                "truncated" => Fault.TruncatedJson(),
                _ => Fault.WrongContentType(),
            },
        });

        var ex = await Assert.ThrowsAsync<UpstreamDataException>(() => harness.GetAsync("/page/contacts"));

        Assert.Equal(UpstreamErrorKind.Data, ex.Kind);
        Assert.Equal(code, ex.Code);
        Assert.Single(harness.Requests("/page/contacts"));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_data_error()
    {
        await using var harness = await UpstreamHarness.StartAsync(options: UpstreamHarness.FastOptions with { MaxResponseBytes = 2000 });

        var small = await harness.GetAsync("/page/contacts?per_page=1");
        var ex = await Assert.ThrowsAsync<UpstreamDataException>(() => harness.GetAsync("/page/contacts?per_page=30"));

        Assert.Equal(200, small.Status);
        Assert.Equal(UpstreamErrorCodes.ResponseTooLarge, ex.Code);
        Assert.Contains("2000 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Requests("/page/contacts").Count);
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_off_as_soon_as_it_passes_the_limit()
    {
        var stream = new MemoryStream(new byte[5000]);

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => ResponseBufferingHandler.ReadBoundedAsync(stream, 4096, CancellationToken.None));
        Assert.Equal(5000, (await ResponseBufferingHandler.ReadBoundedAsync(new MemoryStream(new byte[5000]), 5000, CancellationToken.None)).Length);
    }
}
