using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Schema;

public class SchemaTests(DemoApi api) : IClassFixture<DemoApi>
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private string PrintedSchema => Commands.PrintSchema(api.Factory.Services.GetRequiredService<ResilienceSchema>());

    [Fact]
    public void TheCommittedSchemaMatchesTheServedSchema()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot, "src", "ResilienceHub.Api", "GraphQL", "schema.graphql")).ReplaceLineEndings("\n");

        Assert.True(committed == PrintedSchema,
            "The schema has changed: review the diff and update the committed copy with " +
            "`dotnet run -v q --project src/ResilienceHub.Api -- schema > src/ResilienceHub.Api/GraphQL/schema.graphql`.");
    }

    [Fact]
    public void TheServedSchemaKeepsEveryNameAndTypeOfTheDesignContract()
    {
        var design = Parser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schema", "design-contract.graphql"))).Definitions
            .Select(d => d switch
            {
                GraphQLTypeDefinition t => ((string)t.Name.Value, (ASTNode)t),
                GraphQLObjectTypeExtension e => ((string)e.Name.Value, e),
                _ => (null!, d),
            })
            .Where(d => d.Item1 is not null);
        var served = Definitions(PrintedSchema);
        var missing = new List<string>();

        // A type and its extensions are each checked: every field they name is served with their shape.
        foreach (var (name, expected) in design)
        {
            if (!served.TryGetValue(name, out var actual))
            {
                missing.Add(name);
                continue;
            }

            var servedMembers = Members(actual);
            foreach (var (member, shape) in Members(expected))
            {
                if (servedMembers.GetValueOrDefault(member) is var servedShape && servedShape != shape)
                {
                    missing.Add($"{name}.{member}: expected `{shape}`, served `{servedShape ?? "nothing"}`");
                }
            }
        }

        Assert.True(missing.Count == 0, "The served schema breaks the design contract:\n" + string.Join('\n', missing));
    }

    private static Dictionary<string, ASTNode> Definitions(string sdl) =>
        Parser.Parse(sdl).Definitions.OfType<GraphQLTypeDefinition>().ToDictionary(d => (string)d.Name.Value, d => (ASTNode)d);

    /// <summary>Each field (with its arguments and type) or enum value of a definition, as text.</summary>
    private static Dictionary<string, string> Members(ASTNode definition) => definition switch
    {
        GraphQLObjectTypeDefinition o => Fields(o.Fields),
        GraphQLObjectTypeExtension o => Fields(o.Fields),
        GraphQLInputObjectTypeDefinition i => (i.Fields?.Items ?? []).ToDictionary(f => (string)f.Name.Value, f => Print(f.Type)),
        GraphQLEnumTypeDefinition e => (e.Values?.Items ?? []).ToDictionary(v => (string)v.Name.Value, _ => "value"),
        _ => [],
    };

    private static Dictionary<string, string> Fields(GraphQLFieldsDefinition? fields) => (fields?.Items ?? []).ToDictionary(f => (string)f.Name.Value, f =>
        $"({string.Join(", ", (f.Arguments?.Items ?? []).Select(a => $"{a.Name.Value}: {Print(a.Type)}"))}): {Print(f.Type)}");

    private static string Print(GraphQLType type) => type switch
    {
        GraphQLNonNullType n => Print(n.Type) + "!",
        GraphQLListType l => $"[{Print(l.Type)}]",
        GraphQLNamedType t => (string)t.Name.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ResilienceHub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: ResilienceHub.sln was not found above " + AppContext.BaseDirectory);
    }
}
