namespace SyncFunctions.Core.Engine.Records;

/// <summary>Why a record was skipped (Census <c>source_record_invalids</c>); stored in the error ledger, so never rename one.</summary>
public static class InvalidRecordReasons
{
    /// <summary>The element at records_path is not a JSON object.</summary>
    public const string NotAnObject = "not_an_object";

    /// <summary>No id at id_field, or it is null or empty.</summary>
    public const string MissingId = "missing_id";

    /// <summary>The id is there but is not a string or number (a boolean, object or array).</summary>
    public const string InvalidId = "invalid_id";

    /// <summary>The record's JSON is over the size limit (a Table Storage entity holds about 1 MB).</summary>
    public const string TooLarge = "too_large";

    /// <summary>A unified resource's mapping failed on the record, or gave it no id (or, validated, broke the schema).</summary>
    public const string MappingFailed = "mapping_failed";
}
