using System.Text.Json.Nodes;
using DevLab.JmesPath;
using DevLab.JmesPath.Expressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SyncFunctions.Core.Unified;

/// <summary>
/// One compiled JMESPath expression of a mapping. JmesPath.Net works on Newtonsoft tokens, the hub on
/// System.Text.Json nodes: values cross as JSON text, read without Newtonsoft's date sniffing so a timestamp string
/// stays the string it was.
/// </summary>
public sealed class MappingExpression
{
    /// <summary>Longer expressions are refused: a mapping is a field's path, not a program.</summary>
    public const int MaxLength = 2000;

    private readonly JmesPathExpression _compiled;

    private MappingExpression(string text, JmesPathExpression compiled)
    {
        Text = text;
        _compiled = compiled;
    }

    public string Text { get; }

    /// <summary>Compiles <paramref name="text"/>; on failure <paramref name="error"/> says why (syntax, unknown function).</summary>
    public static bool TryCompile(string? text, out MappingExpression? expression, out string error)
    {
        expression = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The expression is empty.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"The expression is longer than {MaxLength} characters.";
            return false;
        }

        try
        {
            // A parser per expression: JmesPath.Net's functions carry evaluation context, so none is shared across threads.
            var parser = new JmesPath();
            parser.FunctionRepository.Register<MappingFunctions.ConcatWs>().Register<MappingFunctions.ToIso8601>();
            expression = new MappingExpression(text, parser.Parse(text));
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = "Not a valid JMESPath expression: " + ex.Message.Split('\n')[0];
            return false;
        }
    }

    /// <summary>The expression's value for <paramref name="input"/> (null when it selects nothing).</summary>
    /// <exception cref="MappingException">Evaluation failed (e.g. a function given the wrong type).</exception>
    public JsonNode? Evaluate(JsonNode? input)
    {
        JToken? result;
        try
        {
            result = _compiled.Transform(ToToken(input)).AsJToken();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new MappingException(ex.Message.Split('\n')[0]);
        }

        return result is null || result.Type == JTokenType.Null ? null : JsonNode.Parse(result.ToString(Formatting.None));
    }

    /// <summary>Evaluates against a token already converted, when many expressions read one record.</summary>
    public JsonNode? Evaluate(JToken input)
    {
        JToken? result;
        try
        {
            result = _compiled.Transform(input).AsJToken();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new MappingException(ex.Message.Split('\n')[0]);
        }

        return result is null || result.Type == JTokenType.Null ? null : JsonNode.Parse(result.ToString(Formatting.None));
    }

    public static JToken ToToken(JsonNode? node)
    {
        using var reader = new JsonTextReader(new StringReader(node?.ToJsonString() ?? "null"))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
            MaxDepth = 64,
        };
        return JToken.ReadFrom(reader);
    }
}

/// <summary>A mapping expression failed on a record.</summary>
public sealed class MappingException(string message) : Exception(message);
