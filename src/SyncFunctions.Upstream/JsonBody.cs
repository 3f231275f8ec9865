using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine;

namespace SyncFunctions.Upstream;

/// <summary>A 2xx answer's body as JSON, or the data error that says why it is not.</summary>
internal static class JsonBody
{
    // Upstream documents nest deeper than System.Text.Json's default of 64 now and then; still bounded.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <param name="secrets">
    /// The call's credential values (and the forms auth sent them in), which upstreams echo in next links and, echoing
    /// the request, in records; masked wherever they occur in the body.
    /// </param>
    public static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, SecretRedactor secrets, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode is System.Net.HttpStatusCode.NoContent or System.Net.HttpStatusCode.ResetContent)
        {
            return null;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && !IsJson(mediaType))
        {
            throw new UpstreamDataException(UpstreamErrorCodes.NotJson, $"The upstream answered {what} with {mediaType}, not JSON.");
        }

        // Already in memory (ResponseBufferingHandler), so this is a copy, not a network read.
        ReadOnlyMemory<byte> body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body.Span, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new UpstreamDataException(UpstreamErrorCodes.InvalidJson,
                $"The upstream's answer to {what} is not valid JSON (malformed or truncated): {ex.Message}");
        }
        return JsonRedaction.MayHoldSecret(body.Span, secrets) ? JsonRedaction.Mask(node, secrets) : node;
    }

    public static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
}
