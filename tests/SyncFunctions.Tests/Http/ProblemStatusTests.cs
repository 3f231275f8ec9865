using SyncFunctions.Core.Errors;
using SyncFunctions.Http.Pipeline;

namespace SyncFunctions.Tests.Http;

/// <summary>Core names the kind of a problem; this layer alone turns it into a status, one status per kind.</summary>
public sealed class ProblemStatusTests
{
    [Theory]
    [InlineData(ProblemKind.Invalid, 400)]
    [InlineData(ProblemKind.Unauthenticated, 401)]
    [InlineData(ProblemKind.Forbidden, 403)]
    [InlineData(ProblemKind.NotFound, 404)]
    [InlineData(ProblemKind.Conflict, 409)]
    [InlineData(ProblemKind.TooLarge, 413)]
    [InlineData(ProblemKind.UnsupportedMediaType, 415)]
    [InlineData(ProblemKind.TooManyRequests, 429)]
    [InlineData(ProblemKind.ClientClosed, 499)]
    [InlineData(ProblemKind.Internal, 500)]
    [InlineData(ProblemKind.Unavailable, 503)]
    public void Each_kind_has_its_status(ProblemKind kind, int status) => Assert.Equal(status, ProblemStatus.Of(kind));

    [Fact]
    public void No_two_kinds_share_a_status_and_only_a_bug_is_a_500()
    {
        var statuses = Enum.GetValues<ProblemKind>().Select(ProblemStatus.Of).ToList();

        Assert.Equal(statuses.Count, statuses.Distinct().Count());
        Assert.Equal([ProblemKind.Internal], Enum.GetValues<ProblemKind>().Where(k => ProblemStatus.Of(k) >= 500 && k != ProblemKind.Unavailable));
    }

    [Fact]
    public void A_problem_answers_with_the_status_of_its_kind()
    {
        var result = Problems.From(ApiException.Conflict("run_finished", "The run has already ended."), null);

        Assert.Equal(409, result.StatusCode);
    }
}
