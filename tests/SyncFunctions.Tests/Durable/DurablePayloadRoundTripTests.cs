using System.Reflection;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SyncFunctions.Composition;
using SyncFunctions.Core.Runs;
using SyncFunctions.Testing.Durable;

namespace SyncFunctions.Tests.Durable;

/// <summary>
/// Every orchestration and activity payload survives the paths the Functions host's worker sends it through, with
/// the serializers built from the app's own composition (the worker's defaults, then the app's registrations):
/// activity inputs and all outputs through the Durable data converter; orchestration inputs through the converter
/// to <c>object</c> and then <c>IOptions&lt;JsonSerializerOptions&gt;</c>, as the Durable extension's
/// <c>GetInput&lt;T&gt;()</c> does. The payloads are snake_case, as the API.
/// </summary>
public sealed class DurablePayloadRoundTripTests
{
    private static readonly Assembly App = typeof(ServiceRegistration).Assembly;

    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddLogging()
        .AddWorkerDefaults()
        .AddSyncFunctions(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["SyncFunctions:CredentialKey"] = Convert.ToBase64String(new byte[32]),
        }).Build())
        .BuildServiceProvider();

    private static readonly DataConverter Converter = HostWorkerSerialization.DataConverter(Services);

    private static readonly JsonSerializerOptions InputOptions = Services.GetRequiredService<IOptions<JsonSerializerOptions>>().Value;

    /// <summary>Orchestrators read their input in <c>Run</c> and hand it to a typed <c>RunAsync(context, input)</c> next to it.</summary>
    public static TheoryData<string> OrchestrationInputs() => new(FunctionDurableTasks.Orchestrators(App).Select(o => o.Name));

    public static TheoryData<string> Outputs() => new(
        FunctionDurableTasks.Orchestrators(App).Concat(FunctionDurableTasks.Activities(App)).Select(f => f.Name));

    public static TheoryData<string> ActivityInputs() => new(FunctionDurableTasks.Activities(App).Select(a => a.Name));

    [Theory]
    [MemberData(nameof(OrchestrationInputs))]
    public void Orchestration_inputs_bind_through_the_json_options_the_extension_uses(string orchestrator)
    {
        var method = FunctionDurableTasks.Orchestrators(App).Single(o => o.Name == orchestrator).Method;
        var typed = method.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == "RunAsync" && m.GetParameters() is [{ ParameterType: var c }, _] && c == typeof(TaskOrchestrationContext));
        Assert.True(typed is not null, $"{method.DeclaringType!.Name} has no RunAsync(TaskOrchestrationContext, TInput) naming its input type.");
        var inputType = typed.GetParameters()[1].ParameterType;

        var sent = Converter.Serialize(PayloadSamples.Of(inputType))!;
        var asObject = Converter.Deserialize(sent, typeof(object));
        var json = Assert.IsType<JsonElement>(asObject);
        var bound = json.Deserialize(inputType, InputOptions);

        AssertSnakeCase(sent);
        Assert.Equal(sent, Converter.Serialize(bound));
    }

    [Theory]
    [MemberData(nameof(ActivityInputs))]
    public void Activity_inputs_bind_through_the_data_converter(string activity)
    {
        var method = FunctionDurableTasks.Activities(App).Single(a => a.Name == activity).Method;
        var inputType = method.GetParameters().Single(p => p.GetCustomAttribute<Microsoft.Azure.Functions.Worker.ActivityTriggerAttribute>() is not null).ParameterType;

        var sent = Converter.Serialize(PayloadSamples.Of(inputType))!;

        AssertSnakeCase(sent);
        Assert.Equal(sent, Converter.Serialize(Converter.Deserialize(sent, inputType)));
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Outputs_survive_the_data_converter(string function)
    {
        var method = FunctionDurableTasks.Orchestrators(App).Concat(FunctionDurableTasks.Activities(App)).Single(f => f.Name == function).Method;
        Assert.True(method.ReturnType.IsGenericType, $"{function} returns no payload type.");
        var outputType = method.ReturnType.GetGenericArguments()[0];

        var sent = Converter.Serialize(PayloadSamples.Of(outputType))!;

        if (Type.GetTypeCode(outputType) == TypeCode.Object)
        {
            AssertSnakeCase(sent); // a scalar (StartRun's bool) has no names
        }

        Assert.Equal(sent, Converter.Serialize(Converter.Deserialize(sent, outputType)));
    }

    [Fact]
    public void The_run_progress_custom_status_survives_the_data_converter()
    {
        var sent = Converter.Serialize(PayloadSamples.Of(typeof(RunProgress)))!;

        AssertSnakeCase(sent);
        Assert.Contains("\"current_step\":", sent, StringComparison.Ordinal);
        Assert.Equal(sent, Converter.Serialize(Converter.Deserialize(sent, typeof(RunProgress))));
    }

    [Fact]
    public void A_snake_case_run_input_arrives_with_its_ids()
    {
        var bound = JsonSerializer.SerializeToElement(new { environment_id = "env-1", run_id = "run-1" }).Deserialize<SyncFunctions.Runs.Orchestration.RunWork>(InputOptions);

        Assert.Equal("env-1", bound!.EnvironmentId);
        Assert.Equal("run-1", bound.RunId);
    }

    private static void AssertSnakeCase(string json)
    {
        var names = new List<string>();
        Collect(JsonDocument.Parse(json).RootElement, names);
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Matches("^[a-z0-9_]+$", n));
    }

    private static void Collect(JsonElement element, List<string> names)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                names.Add(property.Name);
                Collect(property.Value, names);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, names);
            }
        }
    }
}
