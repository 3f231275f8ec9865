using Azure.Core.Serialization;
using Microsoft.DurableTask;

namespace SyncFunctions.Testing.Durable;

/// <summary>
/// A Durable <see cref="DataConverter"/> over the worker's <see cref="ObjectSerializer"/>: what the Functions Durable
/// extension (Worker.Extensions.DurableTask, <c>ObjectConverterShim</c>) gives the Durable worker and client when
/// <c>WorkerOptions.Serializer</c> is set, which the isolated worker always makes it.
/// </summary>
public sealed class ObjectSerializerDataConverter(ObjectSerializer serializer) : DataConverter
{
    public override string? Serialize(object? value) =>
        value is null ? null : serializer.Serialize(value, value.GetType(), default).ToString();

    public override object? Deserialize(string? data, Type targetType) =>
        data is null ? null : serializer.Deserialize(new BinaryData(data).ToStream(), targetType, default);
}
