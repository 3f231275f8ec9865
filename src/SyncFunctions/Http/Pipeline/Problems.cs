using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Http.Pipeline;

/// <summary>The one mapping from failures to RFC 7807 problem+json; no function formats errors itself.</summary>
public static class Problems
{
    public const string TypePrefix = "urn:syncfunctions:problem:";

    public static ApiResult From(ApiException ex, HttpRequest? request)
    {
        var status = ProblemStatus.Of(ex.Kind);
        var body = new Dictionary<string, object?>
        {
            ["type"] = TypePrefix + ex.Code,
            ["title"] = ex.Title,
            ["status"] = status,
            ["detail"] = ex.Detail ?? ex.Title,
            ["code"] = ex.Code,
        };
        if (ex.Field is not null)
        {
            body["field"] = ex.Field;
        }

        if (ex.Errors.Count > 0)
        {
            body["errors"] = ex.Errors.Select(e => new Dictionary<string, string> { ["field"] = e.Field, ["code"] = e.Code, ["message"] = e.Message }).ToList();
        }

        if (request is not null)
        {
            body["instance"] = request.PathBase.Add(request.Path).Value;
        }

        body["trace_id"] = Activity.Current?.TraceId.ToString() ?? request?.HttpContext.TraceIdentifier;

        var result = new ApiResult(status, body, ApiResult.ProblemJson);
        foreach (var (name, value) in ex.Headers)
        {
            result.WithHeader(name, value);
        }

        return result;
    }

    /// <summary>An unexpected failure: a 500 that says where to look (the trace id), never what broke inside.</summary>
    public static ApiResult Internal(HttpRequest? request) =>
        From(new ApiException(ProblemKind.Internal, ErrorCodes.InternalError, "An unexpected error occurred.", "The error was logged; quote trace_id when reporting it."), request);
}
