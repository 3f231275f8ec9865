using System.Text.Json.Nodes;

namespace SyncFunctions.Infra.Tests;

/// <summary>infra/main.parameters.json gives azd a value for every parameter main.bicep requires.</summary>
[Trait("Category", "Slow")]
[Collection(InfraCollection.Name)]
public sealed class ParametersFileTests(InfraFixture infra)
{
    private static JsonObject ParametersFile() =>
        InfraFixture.ReadJson(Path.Combine(Repo.Infra, "main.parameters.json"))["parameters"]?.AsObject()
        ?? throw new InvalidOperationException("main.parameters.json has no parameters");

    private JsonObject TemplateParameters() =>
        infra.MainTemplate["parameters"]?.AsObject() ?? throw new InvalidOperationException("main.json has no parameters");

    [Fact]
    public void EveryParameterWithoutDefaultIsInTheParametersFile()
    {
        var file = ParametersFile();
        var required = TemplateParameters()
            .Where(p => p.Value is JsonObject definition && !definition.ContainsKey("defaultValue"))
            .Select(p => p.Key)
            .ToList();

        Assert.NotEmpty(required);
        foreach (var name in required)
        {
            Assert.True(file.ContainsKey(name), $"main.bicep parameter '{name}' has no default and is missing from main.parameters.json");
        }
    }

    [Fact]
    public void TheParametersFileNamesOnlyParametersOfMain()
    {
        // ARM rejects a deployment that passes a parameter the template does not declare.
        var declared = TemplateParameters();
        foreach (var (name, _) in ParametersFile())
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare");
        }
    }

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("principalId", "${AZURE_PRINCIPAL_ID}")]
    public void AzdEnvironmentValuesAreMapped(string parameter, string value) =>
        Assert.Equal(value, Arm.String(ParametersFile(), parameter, "value"));

    [Fact]
    public void EnvironmentNameIsBetween1And64Characters()
    {
        var environmentName = TemplateParameters()["environmentName"];
        Assert.Equal(1, (int?)environmentName?["minLength"]);
        Assert.Equal(64, (int?)environmentName?["maxLength"]);
    }

    [Fact]
    public void TheTemplateTargetsTheSubscription() =>
        Assert.Contains("subscriptionDeploymentTemplate.json", Arm.String(infra.MainTemplate, "$schema"), StringComparison.Ordinal);
}
