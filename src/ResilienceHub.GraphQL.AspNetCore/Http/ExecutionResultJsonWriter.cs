using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using GraphQL;
using GraphQL.Execution;

namespace ResilienceHub.GraphQL.AspNetCore.Http;

/// <summary>
/// Writes an <see cref="ExecutionResult"/> as GraphQL.SystemTextJson's own converter does (errors, then data, then
/// extensions; <c>data</c> only once execution began), but writes the scalar values of the answer's tree directly:
/// handing each of the tens of thousands of values of a large answer to <see cref="JsonSerializer"/> as an object
/// looked its type up every time. Any other value still goes to it.
/// Register it in the serializer's options (<c>AddSystemTextJson(json => json.Converters.Add(new ExecutionResultJsonWriter()))</c>).
/// </summary>
public sealed class ExecutionResultJsonWriter : JsonConverter<ExecutionResult>
{
    /// <summary>
    /// Whether writing a result empties it: each node of the answer's tree lets go of its children once written, for a
    /// host that writes every result once. A garbage collection during a request promotes the tree built so far to an
    /// older generation; the rest is built beneath it, and after the request those dead older nodes would still hold
    /// it, so that the next collection promoted it too. A result written so cannot be written again: a second writer
    /// gets an <see cref="InvalidOperationException"/>, not an empty answer.
    /// </summary>
    public bool EmptiesResultAsWritten { get; init; }

    // The results this writer has emptied, so that a second write of one fails rather than writes nothing.
    private readonly ConditionalWeakTable<ExecutionResult, object> _emptied = [];

    public override ExecutionResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("An execution result is only ever written.");

    public override bool CanConvert(Type typeToConvert) => typeof(ExecutionResult).IsAssignableFrom(typeToConvert);

    public override void Write(Utf8JsonWriter writer, ExecutionResult value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (EmptiesResultAsWritten && !_emptied.TryAdd(value, value))
        {
            throw new InvalidOperationException("This result was emptied when it was first written: write each result once, or leave EmptiesResultAsWritten off.");
        }

        writer.WriteStartObject();
        if (value.Errors is { Count: > 0 } errors)
        {
            writer.WritePropertyName("errors");
            JsonSerializer.Serialize(writer, errors, options);
        }

        if (value.Executed)
        {
            writer.WritePropertyName("data");
            if (value.Data is ExecutionNode root)
            {
                WriteNode(writer, root, options, EmptiesResultAsWritten);
            }
            else
            {
                JsonSerializer.Serialize(writer, value.Data, options);
            }
        }

        if (value.Extensions is { Count: > 0 } extensions)
        {
            writer.WritePropertyName("extensions");
            JsonSerializer.Serialize(writer, extensions, options);
        }

        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, ExecutionNode? node, JsonSerializerOptions options, bool release)
    {
        switch (node)
        {
            case ObjectExecutionNode { SubFields: { } fields } parent:
                writer.WriteStartObject();
                foreach (var field in fields)
                {
                    writer.WritePropertyName(options.PropertyNamingPolicy is { } naming ? naming.ConvertName(field.Name!) : field.Name!);
                    WriteNode(writer, field, options, release);
                }

                if (release)
                {
                    parent.SubFields = null;
                }

                writer.WriteEndObject();
                break;
            case ArrayExecutionNode { Items: { } items } list:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteNode(writer, item, options, release);
                }

                if (release)
                {
                    list.Items = null;
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                // A scalar, a null, or a list GraphQL.NET keeps as its values rather than as nodes.
                WriteValue(writer, node.ToValue(), options);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            default:
                JsonSerializer.Serialize(writer, value, options);
                break;
        }
    }
}
