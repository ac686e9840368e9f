using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using GraphQLParser.AST;

namespace ResilienceHub.GraphQL.AspNetCore.Validation;

/// <summary>
/// Reads every variable against its declared type before GraphQL.NET coerces them, and reports together every field
/// an input object does not have (with the nearest name it does), every required field left out, and every value a
/// scalar cannot read, each with its path and the scalar's own reason. GraphQL.NET stops at the first problem and,
/// for a misspelt field, reports the required field it replaced as missing; a client fixing its feed needs all of them.
/// </summary>
public sealed class VariableValueCheck : IConfigureExecution
{
    public const string UnknownField = "UNKNOWN_INPUT_FIELD";
    public const string RequiredField = "INPUT_FIELD_REQUIRED";
    public const string InvalidValue = "INVALID_VALUE";

    private const int MaxReported = 50;

    // After the document is parsed (the cache) and its size checked (the limits), before validation.
    public float SortOrder => 450;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options is { Document: { } document, Schema: { } schema, Variables: { Count: > 0 } variables }
            && Operation(document, options.OperationName)?.Variables?.Items is { Count: > 0 } definitions)
        {
            if (!schema.Initialized)
            {
                schema.Initialize();
            }

            var errors = new List<ExecutionError>();
            foreach (var definition in definitions)
            {
                var name = definition.Variable.Name.StringValue;
                if (variables.TryGetValue(name, out var value) && value is not null)
                {
                    new Walk(schema, document, definition, errors).Value(definition.Type, value, []);
                }
            }

            if (errors.Count > 0)
            {
                return new ExecutionResult { Errors = [.. errors.Take(MaxReported)] };
            }
        }

        return await next(options).ConfigureAwait(false);
    }

    private static GraphQLOperationDefinition? Operation(GraphQLDocument document, string? name)
    {
        GraphQLOperationDefinition? found = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLOperationDefinition operation && (string.IsNullOrEmpty(name) || operation.Name?.StringValue == name))
            {
                if (found is not null && string.IsNullOrEmpty(name))
                {
                    return null;
                }

                found = operation;
            }
        }

        return found;
    }

    private readonly struct Walk(ISchema schema, GraphQLDocument document, GraphQLVariableDefinition definition, List<ExecutionError> errors)
    {
        public void Value(GraphQLType type, object? value, List<object> path)
        {
            switch (type)
            {
                case GraphQLNonNullType nonNull:
                    if (value is not null)
                    {
                        Value(nonNull.Type, value, path);
                    }
                    return;
                case GraphQLListType list:
                    if (value is IList<object?> items)
                    {
                        for (var index = 0; index < items.Count && errors.Count < MaxReported; index++)
                        {
                            Value(list.Type, items[index], [.. path, index]);
                        }
                    }
                    else if (value is not null)
                    {
                        Value(list.Type, value, path);
                    }
                    return;
                case GraphQLNamedType named when schema.AllTypes[named.Name.StringValue] is { } graphType:
                    Named(graphType, value, path);
                    return;
            }
        }

        private void Named(IGraphType type, object? value, List<object> path)
        {
            if (value is null)
            {
                return;
            }

            if (type is IInputObjectGraphType input && value is IDictionary<string, object?> fields)
            {
                foreach (var key in fields.Keys.Where(key => input.GetField(key) is null))
                {
                    var nearest = Nearest(key, input.Fields.Select(f => f.Name));
                    Report(UnknownField, [.. path, key], $"{input.Name} has no field '{key}'"
                        + (nearest is null ? $"; its fields are {string.Join(", ", input.Fields.Select(f => f.Name))}." : $"; did you mean '{nearest}'?"));
                }

                foreach (var field in input.Fields)
                {
                    if (fields.TryGetValue(field.Name, out var fieldValue))
                    {
                        Value(field.ResolvedType!, fieldValue, [.. path, field.Name]);
                    }
                    else if (field.ResolvedType is NonNullGraphType && field.DefaultValue is null)
                    {
                        Report(RequiredField, [.. path, field.Name], $"{input.Name} requires '{field.Name}' ({field.ResolvedType}), which is missing.");
                    }
                }
            }
            else if (type is ScalarGraphType scalar)
            {
                try
                {
                    scalar.ParseValue(value);
                }
                catch (Exception exception) when (exception is FormatException or InvalidOperationException or OverflowException or ArgumentException)
                {
                    Report(InvalidValue, path, exception is FormatException ? exception.Message : $"'{value}' is not a valid {scalar.Name}.");
                }
            }
        }

        private void Value(IGraphType type, object? value, List<object> path)
        {
            switch (type)
            {
                case NonNullGraphType nonNull:
                    Value(nonNull.ResolvedType!, value, path);
                    return;
                case ListGraphType list:
                    if (value is IList<object?> items)
                    {
                        for (var index = 0; index < items.Count && errors.Count < MaxReported; index++)
                        {
                            Value(list.ResolvedType!, items[index], [.. path, index]);
                        }
                    }
                    else
                    {
                        Value(list.ResolvedType!, value, path);
                    }
                    return;
                default:
                    Named(type, value, path);
                    return;
            }
        }

        private void Report(string code, List<object> path, string reason)
        {
            var variable = definition.Variable.Name.StringValue;
            var at = string.Concat(path.Select(p => p is int index ? $"[{index}]" : $".{p}"));
            var error = new ExecutionError($"Variable '${variable}{at}' is invalid: {reason}") { Code = code }
                .AddLocation(definition, document)
                .AddExtension("variable", variable)
                .AddExtension("field", path.Select(p => p is int index ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : (string)p).ToList());
            errors.Add(error);
        }
    }

    /// <summary>The candidate closest to <paramref name="name"/> by edit distance, if close enough to be a slip.</summary>
    internal static string? Nearest(string name, IEnumerable<string> candidates) => candidates
        .Select(candidate => (candidate, distance: Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant())))
        .Where(c => c.distance <= Math.Max(2, c.candidate.Length / 3))
        .OrderBy(c => c.distance)
        .Select(c => c.candidate)
        .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
