using System.Globalization;
using DevLab.JmesPath.Functions;
using Newtonsoft.Json.Linq;

namespace SyncFunctions.Core.Unified;

/// <summary>
/// The functions JMESPath lacks for mappings, added through JmesPath.Net's function repository. Both are total:
/// they answer null rather than fail on values they cannot use, because one odd upstream value should blank a
/// field, not fail the record.
/// </summary>
public static class MappingFunctions
{
    /// <summary>
    /// <c>concat_ws(separator, value, …)</c>: the values that are not null, as text, joined by the separator
    /// (JMESPath's own <c>join</c> fails on a null, and names are often half empty). Null when none is left.
    /// </summary>
    public sealed class ConcatWs() : JmesPathFunction("concat_ws", 2, variadic: true)
    {
        public override void Validate(params JmesPathFunctionArgument[] args)
        {
            base.Validate(args);
            if (args[0].Token?.Type != JTokenType.String)
            {
                throw new InvalidOperationException("Error: invalid-type, concat_ws expects a string separator first.");
            }
        }

        public override JToken Execute(params JmesPathFunctionArgument[] args)
        {
            var parts = args.Skip(1).Select(a => a.Token).Where(t => t is not null && t.Type != JTokenType.Null)
                .Select(t => t!.Type == JTokenType.String ? t.Value<string>()! : t.ToString(Newtonsoft.Json.Formatting.None))
                .Where(s => s.Length > 0)
                .ToList();
            return parts.Count == 0 ? JValue.CreateNull() : new JValue(string.Join(args[0].Token.Value<string>(), parts));
        }
    }

    /// <summary>
    /// <c>to_iso8601(value)</c>: a timestamp as ISO 8601 UTC with milliseconds (<c>2024-05-01T10:00:00.000Z</c>);
    /// accepts ISO 8601 and RFC 1123 text and Unix seconds or milliseconds (as numbers or digit strings). Null otherwise.
    /// </summary>
    public sealed class ToIso8601() : JmesPathFunction("to_iso8601", 1)
    {
        public override JToken Execute(params JmesPathFunctionArgument[] args) =>
            Normalize(args[0].Token) is { } value ? new JValue(value) : JValue.CreateNull();

        private static string? Normalize(JToken? token)
        {
            DateTimeOffset? parsed = token?.Type switch
            {
                JTokenType.Integer or JTokenType.Float => FromUnix(token.Value<double>()),
                JTokenType.String when double.TryParse(token.Value<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => FromUnix(n),
                JTokenType.String when DateTimeOffset.TryParse(token.Value<string>(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) => d,
                _ => null,
            };
            return parsed?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        // Milliseconds when too big to be seconds (1e11 s is the year 5138), as the record extractor reads updated_at.
        private static DateTimeOffset? FromUnix(double n) =>
            n is > 0 and < 1e16 ? DateTimeOffset.FromUnixTimeMilliseconds((long)(n >= 1e11 ? n : n * 1000)) : null;
    }
}
