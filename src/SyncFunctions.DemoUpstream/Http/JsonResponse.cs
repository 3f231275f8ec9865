using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SyncFunctions.DemoUpstream;

/// <summary>
/// Every JSON answer goes through here: rendered to a buffer first so body faults can spoil it and Content-Length is
/// exact (a truncated body then arrives "successfully", as it would behind a broken proxy).
/// </summary>
internal static class JsonResponse
{
    // Relaxed escaping keeps emails and names readable; these bodies are never embedded in HTML.
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) write(writer);
        var body = buffer.WrittenMemory;
        if (RequestTrace.Of(context).Fault is { } fault) body = BodyFaults.Apply(fault, body);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, int statusCode, string error, string? message = null) =>
        WriteAsync(context, statusCode, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            if (message is not null) w.WriteString("message", message);
            w.WriteEndObject();
        });

    public static Task NotFoundAsync(HttpContext context) => ErrorAsync(context, StatusCodes.Status404NotFound, "not_found");

    public static Task BadRequestAsync(HttpContext context, string message) =>
        ErrorAsync(context, StatusCodes.Status400BadRequest, "bad_request", message);

    public static void WriteRecords(Utf8JsonWriter writer, IEnumerable<RecordEntry> entries)
    {
        writer.WriteStartArray();
        foreach (var entry in entries) entry.Json.WriteTo(writer);
        writer.WriteEndArray();
    }
}
