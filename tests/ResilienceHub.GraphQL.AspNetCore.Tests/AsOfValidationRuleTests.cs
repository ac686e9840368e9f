using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.GraphQL.AspNetCore.Sharing;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

/// <summary>
/// Which documents are of an instant: every field selected (fragments expanded, @skip/@include applied) marked ReadsAsOf,
/// by itself or by its object type, and a resolver naming the instant; anything else reads the present.
/// </summary>
public sealed class AsOfValidationRuleTests
{
    private static readonly DateTimeOffset Instant = new(2016, 4, 27, 11, 30, 0, TimeSpan.Zero);

    private static readonly ISchema Schema = new AsOfSchema();

    private static async Task<DateTimeOffset?> AsOfAsync(string query, Inputs? variables = null)
    {
        await using var services = new ServiceCollection().AddScoped<AnswerLifetime>().BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var result = await new DocumentExecuter().ExecuteAsync(options =>
        {
            options.Schema = Schema;
            options.Query = query;
            options.Variables = variables;
            options.RequestServices = scope.ServiceProvider;
            options.ValidationRules = DocumentValidator.CoreRules.Append(new AsOfValidationRule());
            options.CancellationToken = TestContext.Current.CancellationToken;
        });
        Assert.True(result.Errors is not { Count: > 0 }, result.Errors?[0].Message);
        return scope.ServiceProvider.GetRequiredService<AnswerLifetime>().AsOf;
    }

    [Theory]
    [InlineData("{ past { value } }")]
    [InlineData("{ __typename past { value __typename } }")]
    [InlineData("{ past { detail { kept } } }")]
    [InlineData("{ a: past { value } b: past { value } }")]
    [InlineData("{ ...Twice ...Twice } fragment Twice on Query { past { ... on Picture { value } } }")]
    [InlineData("{ past { value } thing { __typename } }")]
    [InlineData("{ past { value } __schema { queryType { name } } }")]
    public async Task ADocumentOfMarkedFieldsWhoseResolverNamesAnInstantIsOfThatInstant(string query)
    {
        Assert.Equal(Instant, await AsOfAsync(query.Replace("past", "past(at: \"2016-04-27T11:30:00Z\")", StringComparison.Ordinal)));
    }

    [Theory]
    // A field with no promise, beside, beneath or in a fragment.
    [InlineData("{ past(at: \"2016-04-27T11:30:00Z\") { value } present }")]
    [InlineData("{ past(at: \"2016-04-27T11:30:00Z\") { detail { live } } }")]
    [InlineData("{ ...Parts } fragment Parts on Query { past(at: \"2016-04-27T11:30:00Z\") { value } present }")]
    // A field of an interface is resolved by whichever type implements it, which made no promise through it.
    [InlineData("{ thing { value } }")]
    // Marked everywhere, but one resolver read up to now.
    [InlineData("{ then: past(at: \"2016-04-27T11:30:00Z\") { value } now: past { value } }")]
    // Marked everywhere, and nothing named an instant.
    [InlineData("{ __typename }")]
    public async Task ADocumentWithAFieldThatReadsThePresentIsOfNoInstant(string query)
    {
        Assert.Null(await AsOfAsync(query));
    }

    [Fact]
    public async Task AFieldLeftOutByItsDirectiveDoesNotCount()
    {
        const string Query = "query($skip: Boolean!) { past(at: \"2016-04-27T11:30:00Z\") { value } present @skip(if: $skip) }";

        Assert.Equal(Instant, await AsOfAsync(Query, new Inputs(new Dictionary<string, object?> { ["skip"] = true })));
        Assert.Null(await AsOfAsync(Query, new Inputs(new Dictionary<string, object?> { ["skip"] = false })));
    }

    private sealed class AsOfSchema : Schema
    {
        public AsOfSchema()
        {
            Query = new QueryType();
            RegisterType(new PictureType());
        }
    }

    private sealed class QueryType : ObjectGraphType
    {
        public QueryType()
        {
            Name = "Query";
            Field<PictureType>("past").Argument<DateTimeOffsetGraphType>("at").ReadsAsOf().Resolve(c =>
            {
                c.RequestServices!.GetRequiredService<AnswerLifetime>().ReadsUpTo(c.GetArgument<DateTimeOffset?>("at"));
                return new object();
            });
            Field<ThingInterface>("thing").ReadsAsOf().Resolve(_ => new object());
            Field<IntGraphType>("present").Resolve(_ => 2);
        }
    }

    private sealed class ThingInterface : InterfaceGraphType
    {
        public ThingInterface()
        {
            Name = "Thing";
            Field<IntGraphType>("value").ReadsAsOf();
            ResolveType = _ => new GraphQLTypeReference("Picture");
        }
    }

    // Every field promises, through the type.
    private sealed class PictureType : ObjectGraphType
    {
        public PictureType()
        {
            Name = "Picture";
            this.ReadsAsOf();
            Interface<ThingInterface>();
            Field<IntGraphType>("value").Resolve(_ => 1);
            Field<DetailType>("detail").Resolve(_ => new object());
        }
    }

    // Only some fields promise.
    private sealed class DetailType : ObjectGraphType
    {
        public DetailType()
        {
            Name = "Detail";
            Field<IntGraphType>("kept").ReadsAsOf().Resolve(_ => 3);
            Field<IntGraphType>("live").Resolve(_ => 4);
        }
    }
}
