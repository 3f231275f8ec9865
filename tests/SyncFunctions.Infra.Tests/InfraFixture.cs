using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncFunctions.Infra.Tests;

/// <summary>
/// Builds every .bicep file under infra/ once (one Bicep process, into a temporary folder) and keeps the
/// result and the compiled ARM JSON for the tests of the "infra" collection.
/// </summary>
public sealed class InfraFixture : IAsyncLifetime
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    private string? outDir;
    private JsonObject? main;

    internal BicepResult Build { get; private set; } = null!;

    internal string OutDir => outDir ?? throw new InvalidOperationException("not built");

    /// <summary>infra/main.bicep compiled to ARM JSON (property names compared case-insensitively, like ARM).</summary>
    internal JsonObject MainTemplate => main ??= ReadMain();

    public async Task InitializeAsync()
    {
        outDir = Directory.CreateTempSubdirectory("syncfunctions-infra-").FullName;
        Build = await Bicep.RunAsync(Repo.Infra, "build", "--pattern", "**/*.bicep", "--outdir", outDir, "--no-restore");
    }

    public Task DisposeAsync()
    {
        if (outDir is not null && Directory.Exists(outDir))
        {
            Directory.Delete(outDir, recursive: true);
        }

        return Task.CompletedTask;
    }

    private JsonObject ReadMain()
    {
        var path = Path.Combine(OutDir, "main.json");
        return File.Exists(path) ? ReadJson(path) : throw new InvalidOperationException($"main.bicep did not compile. {Build}");
    }

    internal static JsonObject ReadJson(string path) =>
        JsonNode.Parse(File.ReadAllText(path), NodeOptions, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })?.AsObject()
        ?? throw new InvalidOperationException($"{path} is empty");
}

[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraFixture>
{
    public const string Name = "infra";
}
