using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using ResilienceHub.GraphQL.AspNetCore.DataLoading;
using ResilienceHub.GraphQL.AspNetCore.Execution;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>
/// Our query strategy answers exactly as GraphQL.NET's own parallel strategy does — on lists mixing object types (type
/// conditions), fragments, merged fields, aliases, <c>@skip</c>/<c>@include</c> with variables, and on lists long
/// enough to be shared between processors, with data loaders (as many batches), asynchronous resolvers, errors and
/// nulls propagated inside them — and it does share a long list, but not while the processors are busy.
/// </summary>
public class QueryExecutionStrategyTests
{
    private static readonly ISchema Schema = BuildSchema();
    private static readonly GraphQLSerializer Serializer = new();

    // One strategy for every request, as the service provider holds one: what it keeps must not leak between requests.
    private static readonly QueryExecutionStrategy Ours = new(processors: 2);

    public static TheoryData<string, string> Requests() => new()
    {
        { "query($on: Boolean!) { animals { name ... on Dog { barks @include(if: $on) } ... on Cat { lives @skip(if: $on) } } }", """{"on":true}""" },
        { "query($on: Boolean!) { animals { name ... on Dog { barks @include(if: $on) } ... on Cat { lives @skip(if: $on) } } }", """{"on":false}""" },
        { "{ animals { name ...Details alias: name } } fragment Details on Animal { name ... on Dog { barks } ... on Cat { lives } }", "{}" },
        { "{ animals { name friends { name ... on Cat { lives } } friends { ... on Dog { barks } } } }", "{}" },
        { "{ pets { __typename ... on Dog { name barks } ... on Cat { name } } animals { __typename } }", "{}" },
        // Long lists: 600 animals, with a data loader, asynchronous resolvers and errors in them and their friends.
        { "query($on: Boolean!) { herd(size: 600) { name ... on Dog { barks owner slowName friends { name ... on Dog { owner } } } ... on Cat { lives @include(if: $on) risky } } }", """{"on":true}""" },
        // A non-null field's error nulls its parent object, inside a shared list.
        { "{ herd(size: 300) { ... on Cat { name sure } ... on Dog { name } } }", "{}" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task EachAnswerIsWhatGraphQLNetsOwnStrategyGives(string query, string variables)
    {
        var expected = await RunAsync(ParallelExecutionStrategy.Instance, query, variables);
        var opposite = variables.Replace("true", "false", StringComparison.Ordinal) is var changed && changed != variables
            ? changed : variables.Replace("false", "true", StringComparison.Ordinal);

        // With the opposite variables first, on the same strategy: a request must not see another's collected fields.
        Assert.Equal(await RunAsync(ParallelExecutionStrategy.Instance, query, opposite), await RunAsync(Ours, query, opposite));
        var answer = await RunAsync(Ours, query, variables);
        Assert.Equal(expected, answer);
        Assert.Equal(query.Contains("owner", StringComparison.Ordinal), answer.Fetches > 0);
        Assert.Equal(query.Contains("risky", StringComparison.Ordinal) || query.Contains("sure", StringComparison.Ordinal), answer.Json.Contains("\"errors\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALongListIsSharedWithAnIdleProcessor()
    {
        // The first item waits for the second: only another thread taking items of the list at the same time can let
        // it go before the wait runs out.
        var answer = await RunAsync(Ours, "{ pairs(count: 512, waitMs: 10000) { met } }", "{}");

        Assert.Equal("true", JsonNode.Parse(answer.Json)!["data"]!["pairs"]![0]!["met"]!.ToJsonString());
    }

    [Fact]
    public async Task ALongListIsNotSharedWhileAnotherQueryHasTheOtherProcessor()
    {
        using var hold = new SemaphoreSlim(0);
        var other = RunAsync(Ours, "{ held }", "{}", hold);
        await WaitUntilAsync(() => hold.CurrentCount == 0 && Holding > 0);

        var answer = await RunAsync(Ours, "{ pairs(count: 512, waitMs: 300) { met } }", "{}");
        hold.Release();
        await other;

        Assert.Equal("false", JsonNode.Parse(answer.Json)!["data"]!["pairs"]![0]!["met"]!.ToJsonString());
    }

    private static int Holding;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    /// <summary>The answer's JSON, with its errors in path order (each strategy meets them in its own order), and how many batches the data loader fetched.</summary>
    private sealed record Answer(string Json, int Fetches);

    // Parsed once per text, as the transport's document cache does: requests then share the document's nodes.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GraphQLDocument> Documents = new();

    private static async Task<Answer> RunAsync(IExecutionStrategy strategy, string query, string variables, SemaphoreSlim? hold = null)
    {
        var fetches = 0;
        var owners = new BatchLoader<string, string>((names, _) =>
        {
            Interlocked.Increment(ref fetches);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(names.ToDictionary(name => name, name => $"owner of {name}"));
        });
        var executer = new DocumentExecuter(
            new GraphQLDocumentBuilder(), new DocumentValidator(),
            new DefaultExecutionStrategySelector([new ExecutionStrategyRegistration(strategy, OperationType.Query)]), []);
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = Schema,
            Query = query,
            Document = Documents.GetOrAdd(query, text => new GraphQLDocumentBuilder().Build(text)),
            Variables = Serializer.Deserialize<Inputs>(variables),
            UserContext = new Dictionary<string, object?> { ["owners"] = owners, ["hold"] = hold },
            CancellationToken = TestContext.Current.CancellationToken,
        });
        var json = JsonNode.Parse(Serializer.Serialize(result))!.AsObject();
        if (json["errors"] is JsonArray errors)
        {
            json["errors"] = new JsonArray([.. errors.Select(e => e!.DeepClone()).OrderBy(e => e!["path"]!.ToJsonString(), StringComparer.Ordinal)]);
        }

        return new(json.ToJsonString(), fetches);
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
        dog.Field<StringGraphType>("owner").Resolve(c => ((BatchLoader<string, string>)c.UserContext["owners"]!).Load(c.Source.Name));
        dog.Field<StringGraphType>("slowName").ResolveAsync(async c =>
        {
            await Task.Yield();
            return c.Source.Name;
        });
        dog.AddResolvedInterface(animal);
        dog.IsTypeOf = o => o is Dog;
        var cat = new ObjectGraphType<Cat> { Name = "Cat" };
        cat.Field<StringGraphType>("name").Resolve(c => c.Source.Name);
        cat.Field<IntGraphType>("lives").Resolve(c => c.Source.Lives);
        cat.Field("friends", new ListGraphType(animal)).Resolve(c => c.Source.Friends);
        cat.Field<IntGraphType>("risky").Resolve(c => c.Source.Lives % 3 == 0 ? throw new ExecutionError($"{c.Source.Name} is out of luck") : c.Source.Lives);
        cat.Field<NonNullGraphType<IntGraphType>>("sure").Resolve(c => c.Source.Lives == 5 ? null : c.Source.Lives);
        cat.AddResolvedInterface(animal);
        cat.IsTypeOf = o => o is Cat;
        animal.AddPossibleType(dog);
        animal.AddPossibleType(cat);
        var pet = new UnionGraphType { Name = "Pet" };
        pet.AddPossibleType(dog);
        pet.AddPossibleType(cat);

        var pair = new ObjectGraphType<Pair> { Name = "Pair" };
        pair.Field<BooleanGraphType>("met").Resolve(c => c.Source.Meet());

        var tom = new Cat("Tom", 9, []);
        var rex = new Dog("Rex", true, [tom]);
        object[] animals = [rex, tom, new Dog("Fido", false, [rex, tom]), new Cat("Felix", 7, [rex])];
        var query = new ObjectGraphType { Name = "Query" };
        query.Field("animals", new ListGraphType(animal)).Resolve(_ => animals);
        query.Field("pets", new ListGraphType(pet)).Resolve(_ => animals);
        query.Field("herd", new ListGraphType(animal)).Argument<NonNullGraphType<IntGraphType>>("size").Resolve(c => Herd(c.GetArgument<int>("size")));
        query.Field("pairs", new ListGraphType(pair))
            .Argument<NonNullGraphType<IntGraphType>>("count").Argument<NonNullGraphType<IntGraphType>>("waitMs")
            .Resolve(c => Pair.Make(c.GetArgument<int>("count"), TimeSpan.FromMilliseconds(c.GetArgument<int>("waitMs"))));
        query.Field<BooleanGraphType>("held").ResolveAsync(async c =>
        {
            Interlocked.Increment(ref Holding);
            try
            {
                return await ((SemaphoreSlim)c.UserContext["hold"]!).WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                Interlocked.Decrement(ref Holding);
            }
        });
        var schema = new Schema { Query = query };
        schema.RegisterType(dog);
        schema.RegisterType(cat);
        schema.RegisterType(animal);
        schema.RegisterType(pet);
        schema.Initialize();
        return schema;
    }

    /// <summary>Dogs and cats in turn, each a friend of the two before it.</summary>
    private static object[] Herd(int size)
    {
        var herd = new object[size];
        for (var i = 0; i < size; i++)
        {
            object[] friends = [.. herd[Math.Max(0, i - 2)..i]];
            herd[i] = i % 2 == 0 ? new Dog($"Dog {i}", i % 3 == 0, friends) : new Cat($"Cat {i}", i % 10, friends);
        }

        return herd;
    }

    private sealed record Dog(string Name, bool Barks, object[] Friends);

    private sealed record Cat(string Name, int Lives, object[] Friends);

    /// <summary>Items of a list, the first of which waits for the second to be resolved; the second lets it go.</summary>
    private sealed class Pair(ManualResetEventSlim met, bool waits, TimeSpan wait)
    {
        public static Pair[] Make(int count, TimeSpan wait)
        {
            var met = new ManualResetEventSlim();
            return [.. Enumerable.Range(0, count).Select(i => new Pair(met, waits: i == 0, wait))];
        }

        public bool Meet()
        {
            if (waits)
            {
                return met.Wait(wait);
            }

            met.Set();
            return true;
        }
    }
}
