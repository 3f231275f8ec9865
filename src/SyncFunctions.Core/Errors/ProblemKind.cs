namespace SyncFunctions.Core.Errors;

/// <summary>What kind of failure an <see cref="ApiException"/> is; the HTTP layer maps each kind to its status code.</summary>
public enum ProblemKind
{
    /// <summary>Bad input: a field, a query parameter, a header, a cursor.</summary>
    Invalid,

    /// <summary>No key, or not a valid one.</summary>
    Unauthenticated,

    /// <summary>A valid key that may not do this.</summary>
    Forbidden,

    /// <summary>Nothing the caller may see by that name.</summary>
    NotFound,

    /// <summary>The target's state forbids it now (finished run, busy session, used idempotency key, an update race).</summary>
    Conflict,

    /// <summary>The request or what it would store is larger than the hub takes.</summary>
    TooLarge,

    /// <summary>A body that is not JSON.</summary>
    UnsupportedMediaType,

    /// <summary>A limit was reached; come back after Retry-After.</summary>
    TooManyRequests,

    /// <summary>Something the hub depends on is out of reach for now; come back after Retry-After.</summary>
    Unavailable,

    /// <summary>The client went away before the answer.</summary>
    ClientClosed,

    /// <summary>A bug: logged, and answered without details.</summary>
    Internal,
}
