using Microsoft.AspNetCore.Http;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Http.Pipeline;

/// <summary>The HTTP status of each kind of problem Core reports: Core decides what went wrong, this layer how to say it.</summary>
public static class ProblemStatus
{
    /// <summary>Not in ASP.NET Core's table: nginx's "client closed request", logged and never read.</summary>
    public const int ClientClosedRequest = 499;

    public static int Of(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ProblemKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ProblemKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ProblemKind.ClientClosed => ClientClosedRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
