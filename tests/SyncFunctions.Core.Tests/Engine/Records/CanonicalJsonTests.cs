using System.Text;
using System.Text.Json.Nodes;
using SyncFunctions.Core.Engine.Records;

namespace SyncFunctions.Core.Tests.Engine.Records;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Keys_are_sorted_at_every_level_without_whitespace()
    {
        var node = JsonNode.Parse("""{ "b": 1, "a": { "z": [ { "y": 2, "x": 1 } ], "c": null }, "A": "é\u00e9" }""");

        Assert.Equal("""{"A":"\u00E9\u00E9","a":{"c":null,"z":[{"x":1,"y":2}]},"b":1}""", Encoding.UTF8.GetString(CanonicalJson.Serialize(node)));
    }

    [Fact]
    public void Escaped_and_literal_strings_canonicalize_alike() =>
        Assert.Equal(CanonicalJson.Hash(JsonNode.Parse("""{"s":"caf\u00e9 \/"}""")), CanonicalJson.Hash(JsonNode.Parse("""{"s":"café /"}""")));

    [Fact]
    public void Shuffling_keys_never_changes_the_hash()
    {
        // A seeded property check: random documents, their keys shuffled at every level, always hash alike.
        var random = new Random(20240601);
        for (var run = 0; run < 200; run++)
        {
            var document = RandomObject(random, depth: 3);
            var shuffled = Shuffle(document, random);

            Assert.Equal(CanonicalJson.Hash(document), CanonicalJson.Hash(shuffled));
            Assert.Equal(document.ToJsonString().Length, shuffled!.ToJsonString().Length);
        }
    }

    [Fact]
    public void Changing_any_leaf_changes_the_hash()
    {
        var random = new Random(7);
        for (var run = 0; run < 100; run++)
        {
            var document = RandomObject(random, depth: 2);
            var changed = (JsonObject)document.DeepClone();
            var key = changed.ElementAt(random.Next(changed.Count)).Key;
            changed[key] = "changed-" + run.ToString(System.Globalization.CultureInfo.InvariantCulture);

            Assert.NotEqual(CanonicalJson.Hash(document), CanonicalJson.Hash(changed));
        }
    }

    private static JsonObject RandomObject(Random random, int depth)
    {
        var obj = new JsonObject();
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            var key = "k" + random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            obj[key] = (random.Next(4), depth) switch
            {
                (0, > 0) => RandomObject(random, depth - 1),
                (1, > 0) => new JsonArray(RandomObject(random, depth - 1), random.Next(), "s"),
                (2, _) => random.NextDouble(),
                _ => "v" + random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        return obj;
    }

    private static JsonNode? Shuffle(JsonNode? node, Random random) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(_ => random.Next()).Select(p => KeyValuePair.Create(p.Key, Shuffle(p.Value, random)))),
        JsonArray array => new JsonArray(array.Select(item => Shuffle(item, random)).ToArray()),
        _ => node?.DeepClone(),
    };
}
