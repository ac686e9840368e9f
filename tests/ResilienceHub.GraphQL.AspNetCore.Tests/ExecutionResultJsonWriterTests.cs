using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using ResilienceHub.GraphQL.AspNetCore.Http;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>
/// The writer that writes scalars directly produces, byte for byte, what GraphQL.SystemTextJson's own converter does:
/// every scalar type, text that needs escaping, nulls at each level, errors with paths, extensions, a result that never
/// executed, and a result whose data is not an execution tree.
/// </summary>
public class ExecutionResultJsonWriterTests
{
    private static readonly ISchema Schema = BuildSchema();
    private static readonly GraphQLSerializer Theirs = new();
    private static readonly GraphQLSerializer Ours = new(json => json.Converters.Add(new ExecutionResultJsonWriter()));

    public static TheoryData<string> Queries() =>
    [
        "{ text int float boolean id long decimal dateTime colour nothing }",
        "{ list nested { text inner { int } missing { int } } }",
        "{ text failing nested { failing } }",
        "{ withExtension }",
        "query { ...on Query { text } alias: int }",
        "{ notAField }",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task EachAnswerIsWrittenAsGraphQLSystemTextJsonWritesIt(string query)
    {
        var result = await new DocumentExecuter().ExecuteAsync(new ExecutionOptions
        {
            Schema = Schema,
            Query = query,
            CancellationToken = TestContext.Current.CancellationToken,
        });

        Assert.Equal(Theirs.Serialize(result), Ours.Serialize(result));
    }

    [Fact]
    public async Task AWriterThatReleasesWrittenNodesWritesTheSameAnswerAndLeavesNoNodeHoldingAnother()
    {
        const string query = "{ list nested { text inner { int } missing { int } } }";
        var result = await new DocumentExecuter().ExecuteAsync(new ExecutionOptions
        {
            Schema = Schema,
            Query = query,
            CancellationToken = TestContext.Current.CancellationToken,
        });
        var root = (ObjectExecutionNode)result.Data!;
        var nested = (ObjectExecutionNode)root.SubFields!.Single(f => f.Name == "nested");
        var list = (ArrayExecutionNode)root.SubFields!.Single(f => f.Name == "list");
        var expected = Theirs.Serialize(result);

        // By default the tree is left whole: writing it again writes it again.
        Assert.Equal(expected, Ours.Serialize(result));
        Assert.Equal(expected, Ours.Serialize(result));

        var emptying = new GraphQLSerializer(json => json.Converters.Add(new ExecutionResultJsonWriter { EmptiesResultAsWritten = true }));
        Assert.Equal(expected, emptying.Serialize(result));
        Assert.Null(root.SubFields);
        Assert.Null(nested.SubFields);
        Assert.Null(list.Items);
        // A second reader of an emptied result is told so, rather than given an empty answer.
        Assert.Throws<InvalidOperationException>(() => emptying.Serialize(result));
    }

    [Fact]
    public void AResultWithPlainDataIsWrittenAsGraphQLSystemTextJsonWritesIt()
    {
        var result = new ExecutionResult { Executed = true, Data = new Dictionary<string, object?> { ["a"] = 1, ["b"] = new[] { "x", null } } };

        Assert.Equal(Theirs.Serialize(result), Ours.Serialize(result));
    }

    private static Schema BuildSchema()
    {
        var colour = new EnumerationGraphType { Name = "Colour" };
        colour.Add("RED", 1);
        colour.Add("AMBER", 2);
        var inner = new ObjectGraphType { Name = "Inner" };
        inner.Field<IntGraphType>("int").Resolve(_ => 42);
        var nested = new ObjectGraphType { Name = "Nested" };
        nested.Field<StringGraphType>("text").Resolve(_ => "line one\nline \"two\" <script>é€😀");
        nested.Field("inner", inner).Resolve(_ => new object());
        nested.Field("missing", inner).Resolve(_ => null);
        nested.Field<StringGraphType>("failing").Resolve(_ => throw new ExecutionError("Nested failure.") { Code = "NESTED" });
        var query = new ObjectGraphType { Name = "Query" };
        query.Field<StringGraphType>("text").Resolve(_ => "tab\there, quote \" and backslash \\");
        query.Field<IntGraphType>("int").Resolve(_ => -7);
        query.Field<FloatGraphType>("float").Resolve(_ => 0.1 + 0.2);
        query.Field<BooleanGraphType>("boolean").Resolve(_ => true);
        query.Field<IdGraphType>("id").Resolve(_ => 123);
        query.Field<LongGraphType>("long").Resolve(_ => long.MaxValue);
        query.Field<DecimalGraphType>("decimal").Resolve(_ => 12.345m);
        query.Field<DateTimeGraphType>("dateTime").Resolve(_ => new DateTime(2016, 4, 26, 7, 0, 0, DateTimeKind.Utc));
        query.Field("colour", colour).Resolve(_ => 2);
        query.Field<StringGraphType>("nothing").Resolve(_ => null);
        query.Field<ListGraphType<StringGraphType>>("list").Resolve(_ => new[] { "a", null, "c" });
        query.Field("nested", nested).Resolve(_ => new object());
        query.Field<StringGraphType>("failing").Resolve(_ => throw new ExecutionError("Top failure.") { Code = "TOP" });
        query.Field<StringGraphType>("withExtension").Resolve(context =>
        {
            context.SetOutputExtension("cost", new Dictionary<string, object?> { ["requested"] = 5 });
            return "ok";
        });
        var schema = new Schema { Query = query };
        schema.Initialize();
        return schema;
    }
}
