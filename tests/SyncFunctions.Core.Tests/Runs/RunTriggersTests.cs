using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Core.Tests.Runs;

public sealed class RunTriggersTests
{
    [Theory]
    [InlineData(null, "API key k1")]
    [InlineData("", "API key k1")]
    [InlineData("manual", "Manual")]
    [InlineData("MANUAL", "Manual")]
    public void Api_runs_name_their_key_unless_a_person_asked(string? header, string expected) =>
        Assert.Equal(expected, RunTriggers.ForApi(header, "k1"));

    [Theory]
    [InlineData("cron")]
    [InlineData("Scheduled by cron trigger x")]
    [InlineData("manual ")]
    public void Anything_else_is_a_400_naming_the_header(string header) =>
        Assert.Equal((ProblemKind.Invalid, RunTriggers.Header), (Assert.Throws<ApiException>(() => RunTriggers.ForApi(header, "k1")).Kind, Assert.Throws<ApiException>(() => RunTriggers.ForApi(header, "k1")).Field));
}
