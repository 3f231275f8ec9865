namespace SyncFunctions.Core.Engine;

/// <summary>
/// Why a step failed, which decides what the run does next: <see cref="Transient"/> is retried with
/// backoff; <see cref="Config"/> and <see cref="Auth"/> fail the run as <c>config_error</c> (retrying cannot
/// help until someone fixes the definition or the credentials); <see cref="Data"/> is recorded in the
/// error ledger for the page or record and, under <c>ignore</c> error handling, the run goes on.
/// </summary>
public enum UpstreamErrorKind
{
    /// <summary>The integration, sync job, args or account variables are wrong or incomplete.</summary>
    Config,

    /// <summary>Credentials are missing, rejected (401/403) or could not be exchanged for a token.</summary>
    Auth,

    /// <summary>Timeouts, connection failures, 408/429/5xx: worth retrying.</summary>
    Transient,

    /// <summary>The upstream answered, but the answer cannot be used (not JSON, records not an array, a bad next URL).</summary>
    Data,
}
