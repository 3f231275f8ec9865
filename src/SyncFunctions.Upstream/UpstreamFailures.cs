using System.Net;
using Polly.RateLimiting;
using Polly.Timeout;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream;

/// <summary>
/// Turns what went wrong with an upstream call into the <see cref="SyncEngineException"/> the run branches on.
/// Messages name the request by its redacted URL only.
/// </summary>
internal static class UpstreamFailures
{
    /// <summary>For a final non-2xx answer, classified by <see cref="UpstreamErrorClassifier.ForStatus"/>.</summary>
    public static SyncEngineException ForStatus(HttpResponseMessage response, UpstreamSendState state, bool singleRecord)
    {
        var status = (int)response.StatusCode;
        var answered = $"The upstream answered {status} ({(HttpStatusCode)status}) to {Describe(state)}";
        return UpstreamErrorClassifier.ForStatus(status, singleRecord) switch
        {
            UpstreamErrorKind.Auth => new ConfigurationException(EngineErrorCodes.UpstreamRejectedCredentials,
                answered + ": it refused the credentials.", null, UpstreamErrorKind.Auth),
            UpstreamErrorKind.Transient => new UpstreamUnavailableException(
                $"{answered} after {Plural(state.Attempts, "attempt")}.", status, RetryAfterHeader.Read(response, TimeProvider.System)),
            UpstreamErrorKind.Data => new UpstreamDataException(EngineErrorCodes.RecordNotFound, answered + ": the record is gone."),
            UpstreamErrorKind.Config => new ConfigurationException(EngineErrorCodes.UpstreamRejectedRequest, answered + ": it rejected the request."),
            _ => new ConfigurationException(UpstreamErrorCodes.InvalidRedirect, answered + ", which is not an answer the hub can use."),
        };
    }

    /// <summary>For an exception out of the HTTP pipeline (retries already spent); null when it is not ours to translate.</summary>
    public static SyncEngineException? ForException(Exception ex, UpstreamSendState state) => ex switch
    {
        TimeoutRejectedException or OperationCanceledException => new UpstreamUnavailableException(
            $"The upstream did not answer {Describe(state)} in time ({Plural(state.Attempts, "attempt")}).", null, null, ex),
        HttpRequestException when UpstreamResiliencePipeline.IsRefusedAddress(ex) => new ConfigurationException(
            UpstreamErrorCodes.AddressRefused, $"{RefusalOf(ex)} ({Describe(state)})", "base_url"),
        HttpRequestException http => new UpstreamUnavailableException(
            $"The upstream could not be reached for {Describe(state)} ({http.HttpRequestError}, {Plural(state.Attempts, "attempt")}).", null, null, ex),
        RateLimiterRejectedException => new UpstreamUnavailableException(
            $"The hub's own rate limit for {Describe(state)} refused the request.", null, null, ex),
        ResponseTooLargeException tooLarge => new UpstreamDataException(UpstreamErrorCodes.ResponseTooLarge,
            $"The answer to {Describe(state)} is larger than {tooLarge.Limit} bytes."),
        _ => null,
    };

    public static string Describe(UpstreamSendState state) => $"{state.Method} {state.RedactedUrl}";

    private static string RefusalOf(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressRefusedException refused)
            {
                return refused.Message;
            }
        }
        return ex.Message;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
