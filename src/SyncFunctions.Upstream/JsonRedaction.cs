using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.Upstream;

/// <summary>
/// Masks known secret values inside a parsed upstream body: an upstream that echoes the request (headers, query) would
/// otherwise put the account's credentials into records that any key with read access downloads. Works on the parsed
/// strings, so JSON escapes (<c>\u002B</c> in a Basic header's base64, say) cannot hide a secret.
/// </summary>
internal static class JsonRedaction
{
    /// <summary>Could <paramref name="utf8"/> hold a secret? Only escapes can hide one from a byte search.</summary>
    public static bool MayHoldSecret(ReadOnlySpan<byte> utf8, SecretRedactor secrets) =>
        secrets.Secrets.Count > 0 && (utf8.IndexOf((byte)'\\') >= 0 || secrets.Occurs(utf8));

    public static JsonNode? Mask(JsonNode? node, SecretRedactor secrets)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    var masked = Mask(value, secrets);
                    var maskedName = secrets.Text(name);
                    if (maskedName != name)
                    {
                        obj.Remove(name);
                        // Two names masked alike keep the first value; the secret is what must not survive.
                        obj.TryAdd(maskedName, masked == value ? value?.DeepClone() : masked);
                    }
                    else if (!ReferenceEquals(masked, value))
                    {
                        obj[name] = masked;
                    }
                }
                return obj;

            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var masked = Mask(array[i], secrets);
                    if (!ReferenceEquals(masked, array[i]))
                    {
                        array[i] = masked;
                    }
                }
                return array;

            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                string text;
                try
                {
                    text = value.GetValue<string>();
                }
                catch (InvalidOperationException)
                {
                    // A lone surrogate: not text a secret could be compared with; the record checks deal with it.
                    return value;
                }
                var redacted = secrets.Text(text);
                return redacted == text ? value : JsonValue.Create(redacted);

            default:
                return node;
        }
    }
}
