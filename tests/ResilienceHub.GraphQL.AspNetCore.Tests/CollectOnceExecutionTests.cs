using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using ResilienceHub.GraphQL.AspNetCore.Execution;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>
/// The strategy that collects each selection set once per request and object type answers exactly as GraphQL.NET's
/// own parallel strategy does, on lists mixing object types (type conditions), fragments, merged fields, aliases and
/// <c>@skip</c>/<c>@include</c> with variables, one request after another.
/// </summary>
public class CollectOnceExecutionTests
{
    private static readonly ISchema Schema = BuildSchema();
    private static readonly GraphQLSerializer Serializer = new();

    // One strategy for every request, as the service provider holds one: what it keeps must not leak between requests.
    private static readonly CollectOnceExecutionStrategy CollectOnce = new();

    public static TheoryData<string, string> Requests() => new()
    {
        { "query($on: Boolean!) { animals { name ... on Dog { barks @include(if: $on) } ... on Cat { lives @skip(if: $on) } } }", """{"on":true}""" },
        { "query($on: Boolean!) { animals { name ... on Dog { barks @include(if: $on) } ... on Cat { lives @skip(if: $on) } } }", """{"on":false}""" },
        { "{ animals { name ...Details alias: name } } fragment Details on Animal { name ... on Dog { barks } ... on Cat { lives } }", "{}" },
        { "{ animals { name friends { name ... on Cat { lives } } friends { ... on Dog { barks } } } }", "{}" },
        { "{ pets { __typename ... on Dog { name barks } ... on Cat { name } } animals { __typename } }", "{}" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task EachAnswerIsWhatGraphQLNetsOwnStrategyGives(string query, string variables)
    {
        var expected = await RunAsync(ParallelExecutionStrategy.Instance, query, variables);
        var opposite = variables.Replace("true", "false", StringComparison.Ordinal) is var changed && changed != variables
            ? changed : variables.Replace("false", "true", StringComparison.Ordinal);

        // With the opposite variables first, on the same strategy: a request must not see another's collected fields.
        Assert.Equal(await RunAsync(ParallelExecutionStrategy.Instance, query, opposite), await RunAsync(CollectOnce, query, opposite));
        Assert.Equal(expected, await RunAsync(CollectOnce, query, variables));
        Assert.DoesNotContain("\"errors\"", expected, StringComparison.Ordinal);
    }

    // Parsed once per text, as the transport's document cache does: requests then share the document's nodes.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GraphQLDocument> Documents = new();

    private static async Task<string> RunAsync(IExecutionStrategy strategy, string query, string variables)
    {
        var executer = new DocumentExecuter(
            new GraphQLDocumentBuilder(), new DocumentValidator(),
            new DefaultExecutionStrategySelector([new ExecutionStrategyRegistration(strategy, OperationType.Query)]), []);
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = Schema,
            Query = query,
            Document = Documents.GetOrAdd(query, text => new GraphQLDocumentBuilder().Build(text)),
            Variables = Serializer.Deserialize<Inputs>(variables),
            CancellationToken = TestContext.Current.CancellationToken,
        });
        return Serializer.Serialize(result);
    }

    private static Schema BuildSchema()
    {
        var animal = new InterfaceGraphType { Name = "Animal" };
        animal.Field<StringGraphType>("name");
        animal.Field("friends", new ListGraphType(animal));
        var dog = new ObjectGraphType<Dog> { Name = "Dog" };
        dog.Field<StringGraphType>("name").Resolve(c => c.Source.Name);
        dog.Field<BooleanGraphType>("barks").Resolve(c => c.Source.Barks);
        dog.Field("friends", new ListGraphType(animal)).Resolve(c => c.Source.Friends);
        dog.AddResolvedInterface(animal);
        dog.IsTypeOf = o => o is Dog;
        var cat = new ObjectGraphType<Cat> { Name = "Cat" };
        cat.Field<StringGraphType>("name").Resolve(c => c.Source.Name);
        cat.Field<IntGraphType>("lives").Resolve(c => c.Source.Lives);
        cat.Field("friends", new ListGraphType(animal)).Resolve(c => c.Source.Friends);
        cat.AddResolvedInterface(animal);
        cat.IsTypeOf = o => o is Cat;
        animal.AddPossibleType(dog);
        animal.AddPossibleType(cat);
        var pet = new UnionGraphType { Name = "Pet" };
        pet.AddPossibleType(dog);
        pet.AddPossibleType(cat);

        var tom = new Cat("Tom", 9, []);
        var rex = new Dog("Rex", true, [tom]);
        object[] animals = [rex, tom, new Dog("Fido", false, [rex, tom]), new Cat("Felix", 7, [rex])];
        var query = new ObjectGraphType { Name = "Query" };
        query.Field("animals", new ListGraphType(animal)).Resolve(_ => animals);
        query.Field("pets", new ListGraphType(pet)).Resolve(_ => animals);
        var schema = new Schema { Query = query };
        schema.RegisterType(dog);
        schema.RegisterType(cat);
        schema.RegisterType(animal);
        schema.RegisterType(pet);
        schema.Initialize();
        return schema;
    }

    private sealed record Dog(string Name, bool Barks, object[] Friends);

    private sealed record Cat(string Name, int Lives, object[] Friends);
}
