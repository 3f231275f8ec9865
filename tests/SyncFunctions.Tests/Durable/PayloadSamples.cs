using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;

namespace SyncFunctions.Tests.Durable;

/// <summary>
/// An instance of a payload type with every member set to a value other than its default, so a member that a
/// serializer drops or renames shows up as a difference after a round trip.
/// </summary>
internal static class PayloadSamples
{
    public static object Of(Type type) => Make(type, "x", 0)!;

    private static object? Make(Type type, string name, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Make(inner, name, depth);
        }

        if (type == typeof(string))
        {
            return name + "-value";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(double))
        {
            return Convert.ChangeType(7 + name.Length, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(2026, 12, 6, 1, 2, 3, 456, TimeSpan.Zero);
        }

        if (type.IsEnum)
        {
            // The last member, so a lost value (the default, the first) is visible.
            return Enum.GetValues(type).Cast<object>().Last();
        }

        if (type == typeof(JsonObject) || type == typeof(JsonNode))
        {
            return new JsonObject { ["field"] = name };
        }

        if (Dictionary(type) is { } dictionary)
        {
            var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(dictionary.Key, dictionary.Value))!;
            // Keys are data, not member names, but snake_case ones keep the payload check simple.
            map[dictionary.Key == typeof(string) ? "some_key" : Make(dictionary.Key, "key", depth + 1)!] = Make(dictionary.Value, name, depth + 1);
            return map;
        }

        if (Element(type) is { } element)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            if (depth < 4)
            {
                list.Add(Make(element, name, depth + 1));
            }

            return list;
        }

        if (depth > 6)
        {
            return null;
        }

        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var instance = ctor.Invoke(ctor.GetParameters().Select(p => Make(p.ParameterType, p.Name!, depth + 1)).ToArray());
        var fromCtor = ctor.GetParameters().Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties().Where(p => p.CanWrite && p.SetMethod!.IsPublic && !fromCtor.Contains(p.Name)))
        {
            property.SetValue(instance, Make(property.PropertyType, property.Name, depth + 1));
        }

        return instance;
    }

    private static (Type Key, Type Value)? Dictionary(Type type)
    {
        var map = type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyDictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>))
            ? type.GetGenericArguments()
            : null;
        return map is null ? null : (map[0], map[1]);
    }

    private static Type? Element(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyList<>) || d == typeof(IEnumerable<>) || d == typeof(List<>) || d == typeof(IReadOnlyCollection<>) || d == typeof(IList<>))
            ? type.GetGenericArguments()[0]
            : null;
}
