using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SyncFunctions.Core.Errors;

namespace SyncFunctions.Http.Pipeline;

/// <summary>Reads a JSON request body, turning every way it can be wrong into a 4xx that names the field.</summary>
public static class RequestBody
{
    public const long MaxBytes = 1024 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            throw new ApiException(ProblemKind.TooLarge, "payload_too_large", "The body is too large.", $"Bodies are limited to {MaxBytes} bytes.");
        }

        var contentType = request.ContentType;
        if (contentType is not null && !IsJson(contentType))
        {
            throw new ApiException(ProblemKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Unsupported media type.", "Send the body as application/json.", "Content-Type");
        }

        using var buffer = new MemoryStream();
        await CopyLimitedAsync(request.Body, buffer, ct);
        if (buffer.Length == 0)
        {
            throw new ApiException(ProblemKind.Invalid, ErrorCodes.InvalidJson, "The request body is missing.", "A JSON object body is required.", "body");
        }

        try
        {
            var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            JsonInputCheck.Check(body, ApiJson.Options.MaxDepth);
            return JsonSerializer.Deserialize<T>(body, ApiJson.Options)
                ?? throw new ApiException(ProblemKind.Invalid, ErrorCodes.InvalidJson, "The request body is not valid.", "The body must be a JSON object, not null.", "body");
        }
        catch (JsonException ex)
        {
            throw Describe(ex);
        }
    }

    private static ApiException Describe(JsonException ex)
    {
        var field = FieldFromPath(ex.Path);
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return ApiException.Validation(field ?? "body", $"Unknown field '{field}'.", "unknown_field");
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal) && field is not null)
        {
            // Said without the .NET type names the serializer's message carries.
            return ApiException.Validation(field, $"'{field}' has the wrong type or format.");
        }

        return new ApiException(
            ProblemKind.Invalid,
            ErrorCodes.InvalidJson,
            "The request body is not valid JSON.",
            $"Malformed JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}.",
            field ?? "body");
    }

    /// <summary>"$.scopes[1]" → "scopes[1]"; "$" → null.</summary>
    internal static string? FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task CopyLimitedAsync(Stream source, MemoryStream target, CancellationToken ct)
    {
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (target.Length + read > MaxBytes)
            {
                throw new ApiException(ProblemKind.TooLarge, "payload_too_large", "The body is too large.", $"Bodies are limited to {MaxBytes} bytes.");
            }

            target.Write(chunk, 0, read);
        }
    }
}
