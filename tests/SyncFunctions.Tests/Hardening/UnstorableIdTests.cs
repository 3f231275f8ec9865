using SyncFunctions.Admin;
using SyncFunctions.Testing.Http;

namespace SyncFunctions.Tests.Hardening;

/// <summary>An id no object could have (too long or with characters Table keys refuse) is simply not found.</summary>
public sealed class UnstorableIdTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    public static TheoryData<string> Ids() => new() { new string('a', 70_000), "a#b", "a?b", "a\\b", "tab\there" };

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Api_key_ids_that_no_key_could_have_are_404(string id)
    {
        // Found by the fuzz: the id went into a query filter and the storage service's refusal answered 500.
        var keys = fixture.App.Function<ApiKeyFunctions>();

        var get = await TestRequest.Get("admin/api-keys/x").Bearer(fixture.App.AdminKey).SendAsync(r => keys.Get(r, id));
        var delete = await TestRequest.Delete("admin/api-keys/x").Bearer(fixture.App.AdminKey).SendAsync(r => keys.Delete(r, id));

        Assert.True(get.Status == 404, get.ToString());
        Assert.True(delete.Status == 404, delete.ToString());
        Assert.Equal("not_found", get.Str("code"));
    }
}
