using SyncFunctions.Core.Engine;

namespace SyncFunctions.Core.Tests.Engine;

public sealed class UpstreamErrorClassifierTests
{
    [Theory]
    [InlineData(200, false, null)]
    [InlineData(304, false, null)]
    [InlineData(401, false, UpstreamErrorKind.Auth)]
    [InlineData(403, false, UpstreamErrorKind.Auth)]
    [InlineData(408, false, UpstreamErrorKind.Transient)]
    [InlineData(429, false, UpstreamErrorKind.Transient)]
    [InlineData(500, false, UpstreamErrorKind.Transient)]
    [InlineData(503, false, UpstreamErrorKind.Transient)]
    [InlineData(400, false, UpstreamErrorKind.Config)]
    [InlineData(404, false, UpstreamErrorKind.Config)]
    [InlineData(404, true, UpstreamErrorKind.Data)]
    [InlineData(410, true, UpstreamErrorKind.Data)]
    [InlineData(422, true, UpstreamErrorKind.Config)]
    public void Statuses_map_to_what_the_run_should_do(int status, bool singleRecord, UpstreamErrorKind? expected) =>
        Assert.Equal(expected, UpstreamErrorClassifier.ForStatus(status, singleRecord));
}
