using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace SyncFunctions.Core.SyncJobs;

/// <summary>The library's validator, plus <c>pattern</c> (kept under <see cref="ArgsSchemaSafety.PatternKeyword"/>) matched by <see cref="SafePatterns"/>.</summary>
internal sealed class SafeSchemaValidator : JsonSchemaValidator
{
    protected override ICollection<ValidationError> Validate(JToken token, JsonSchema schema, SchemaType schemaType, string? propertyName, string propertyPath)
    {
        var errors = base.Validate(token, schema, schemaType, propertyName, propertyPath);
        if (token.Type == JTokenType.String
            && schema.ExtensionData?.TryGetValue(ArgsSchemaSafety.PatternKeyword, out var pattern) == true
            && pattern?.ToString() is { Length: > 0 } text
            && !SafePatterns.IsMatch(text, token.Value<string>()!))
        {
            errors.Add(new ValidationError(ValidationErrorKind.PatternMismatch, propertyName, propertyPath, token, schema));
        }

        return errors;
    }
}
