using NJsonSchema;
using NJsonSchema.References;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>
/// Resolves <c>$ref</c> inside the document only. <see cref="ArgsSchemaSafety"/> refuses other references when a job is
/// saved; this keeps a schema stored before that rule from reaching the network or the file system.
/// </summary>
internal sealed class NoRemoteReferenceResolver(JsonSchemaAppender appender) : JsonReferenceResolver(appender)
{
    public static JsonReferenceResolver For(JsonSchema schema) => new NoRemoteReferenceResolver(new JsonSchemaAppender(schema, new DefaultTypeNameGenerator()));

    public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("args_schema may not reference files.");

    public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("args_schema may not reference URLs.");
}
