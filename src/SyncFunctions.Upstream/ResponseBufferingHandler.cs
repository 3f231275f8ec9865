namespace SyncFunctions.Upstream;

/// <summary>
/// Reads a successful response's body into memory inside the attempt, so the per-attempt timeout and the retries
/// also cover a body that stalls or breaks off, and a body over the size limit is refused before it fills memory.
/// </summary>
internal sealed class ResponseBufferingHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        // Error and redirect bodies are never read; the adapter only needs their status and headers.
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }
        try
        {
            var original = response.Content;
            if (original.Headers.ContentLength is { } declared && declared > maxBytes)
            {
                throw new ResponseTooLargeException(maxBytes, declared);
            }
            byte[] body;
            try
            {
                await using var stream = await original.ReadAsStreamAsync(cancellationToken);
                body = await ReadBoundedAsync(stream, maxBytes, cancellationToken);
            }
            catch (IOException ex)
            {
                // A connection that breaks mid-body is as transient as one that never answered: let the retry see it so.
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The upstream connection broke while the body was being read.", ex);
            }
            var buffered = new ByteArrayContent(body);
            foreach (var header in original.Headers)
            {
                // Content-Length is the new content's own (decompression changes it).
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            response.Content = buffered;
            original.Dispose();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The whole stream, or <see cref="ResponseTooLargeException"/> as soon as it passes <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]> ReadBoundedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ResponseTooLargeException(maxBytes, null);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
