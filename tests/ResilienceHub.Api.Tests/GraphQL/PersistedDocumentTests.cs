using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResilienceHub.Api.Features.Access;
using ResilienceHub.Api.GraphQL;
using ResilienceHub.Api.Tests.Infrastructure;
using ResilienceHub.GraphQL.AspNetCore.PersistedDocuments;

namespace ResilienceHub.Api.Tests.GraphQL;

/// <summary>
/// The screen's documents, registered by its build, named by their documentId as GraphQL over HTTP's persisted documents
/// say: by GET (with the ETag and 304 of any query) and POST; an unknown id refused; only they run where the deployment says so.
/// </summary>
public sealed class PersistedDocumentTests
{
    private const string GraphQLResponse = "application/graphql-response+json";

    private static string DashboardOf(ApiFactory api) => Manifest(api).Keys.Single(id => Manifest(api)[id].StartsWith("query Dashboard(", StringComparison.Ordinal));

    private static IReadOnlyDictionary<string, string> Manifest(ApiFactory api)
    {
        var store = Assert.IsType<PersistedDocumentManifest>(api.Services.GetRequiredService<IPersistedDocumentStore>());
        Assert.NotEmpty(store.Documents);
        return store.Documents;
    }

    private static object DashboardVariables(Scenario scenario) =>
        new { id = scenario.IncidentId.ToString(CultureInfo.InvariantCulture), asOf = (string?)null, codes = new[] { "ELECTIVE_OPS_POSTPONED" } };

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string documentId, object variables, EntityTagHeaderValue? held = null)
    {
        var query = $"?documentId={Uri.EscapeDataString(documentId)}&variables={Uri.EscapeDataString(JsonSerializer.Serialize(variables))}";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql" + query);
        request.Headers.Accept.ParseAdd(GraphQLResponse);
        if (held is not null)
        {
            request.Headers.IfNoneMatch.Add(held);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();

    [Fact]
    public async Task TheScreensDashboardByGetIsAnsweredWithItsETagAndRevalidatedWith304()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(30)));
        var id = DashboardOf(scenario.Api);

        using var first = await GetAsync(scenario.Client, id, DashboardVariables(scenario));
        var body = await JsonAsync(first);
        using var again = await GetAsync(scenario.Client, id, DashboardVariables(scenario), first.Headers.ETag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(body["errors"]);
        Assert.Equal(Scenario.Reference, (string?)body["data"]!["incident"]!["reference"]);
        Assert.NotNull(first.Headers.ETag);
        Assert.True(first.Headers.CacheControl is { Private: true, NoCache: true }, $"Cache-Control: {first.Headers.CacheControl}");
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task APersistedDocumentByPostAnswersAsItsTextDoes()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(30)));
        var id = DashboardOf(scenario.Api);

        using var byId = await scenario.Client.PostAsJsonAsync("/graphql", new { documentId = id, variables = DashboardVariables(scenario) }, TestContext.Current.CancellationToken);
        var byText = await scenario.Client.PostGraphQLAsync(Manifest(scenario.Api)[id], DashboardVariables(scenario));

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Null(byText.Errors);
        Assert.Equal(byText.Body.ToJsonString(), (await JsonAsync(byId)).ToJsonString());
    }

    [Fact]
    public async Task AnUnknownDocumentIdIsOneErrorWithTheConventionsCodeAndNothingRuns()
    {
        await using var api = new ApiFactory();
        using var client = api.CreateClient();

        using var unknown = await GetAsync(client, "sha256:" + new string('0', 64), new { });
        var body = await JsonAsync(unknown);
        using var both = await client.PostAsJsonAsync("/graphql", new { query = "{ __typename }", documentId = DashboardOf(api) }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Null(body["data"]);
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal(PersistedDocumentError.NotFound, (string?)error["extensions"]!["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Fact]
    public async Task WithPersistedDocumentsOnlyAFreeDocumentIsRefusedAndAPersistedOneStillRuns()
    {
        await using var scenario = await Scenario.StartAsync(
            now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(30)), configure: api => api.With("GraphQL:PersistedDocumentsOnly", "true"));

        var free = await scenario.Client.PostGraphQLAsync("{ incidents { id } }");
        var write = await scenario.Client.PostGraphQLAsync(
            "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = scenario.AcuteReturn(Scenario.FirstPeriod) });
        using var persisted = await GetAsync(scenario.Client, DashboardOf(scenario.Api), DashboardVariables(scenario));
        var registeredText = await scenario.Client.PostGraphQLAsync(Manifest(scenario.Api)[DashboardOf(scenario.Api)], DashboardVariables(scenario));

        Assert.Null(free.Data);
        Assert.Equal([PersistedDocumentError.IdRequired], free.ErrorCodes);
        Assert.Equal([PersistedDocumentError.IdRequired], write.ErrorCodes);
        Assert.Equal(0, await scenario.CountAsync(db => db.Sitreps.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, persisted.StatusCode);
        Assert.Equal(Scenario.Reference, (string?)(await JsonAsync(persisted))["data"]!["incident"]!["reference"]);
        // Exactly the registered text is the registered document, as a graphql-ws client sends a subscription.
        Assert.Null(registeredText.Errors);
    }

    [Fact]
    public async Task APersistedDocumentsAnswerIsNotGivenToAnotherAudience()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(30)));
        var id = DashboardOf(scenario.Api);
        using var otherGroup = ApiFactory.WithToken(scenario.Api.CreateClient(), ApiFactory.Token("Another group's director", [Roles.Director], [], ["LSC"]));

        // Asked twice, so that the group's director's answer is kept for its audience.
        using var ours = await GetAsync(scenario.Client, id, DashboardVariables(scenario));
        using var oursAgain = await GetAsync(scenario.Client, id, DashboardVariables(scenario));
        using var theirs = await GetAsync(otherGroup, id, DashboardVariables(scenario));

        Assert.NotNull((await JsonAsync(oursAgain))["data"]!["incident"]);
        Assert.Null((await JsonAsync(theirs))["data"]!["incident"]);
        Assert.NotEqual(ours.Headers.ETag, theirs.Headers.ETag);
    }

    [Fact]
    public async Task EveryDocumentTheScreenRegisteredIsValidAgainstTheSchema()
    {
        await using var api = new ApiFactory();
        var schema = api.Services.GetRequiredService<ResilienceSchema>();
        schema.Initialize();
        var problems = new List<string>();
        foreach (var (id, text) in Manifest(api))
        {
            Assert.Equal(id, PersistedDocumentId.Of(text));
            var document = new GraphQLDocumentBuilder().Build(text);
            var operation = Assert.Single(document.Definitions.OfType<GraphQLOperationDefinition>());
            var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
            {
                Schema = schema,
                Document = document,
                Operation = operation,
                Rules = DocumentValidator.CoreRules,
                Variables = Inputs.Empty,
                Extensions = Inputs.Empty,
                RequestServices = api.Services,
                User = new System.Security.Claims.ClaimsPrincipal(),
            });
            // Only the document is checked here: its variables are the screen's to send.
            problems.AddRange(result.Errors.Where(e => e is not InvalidVariableError).Select(e => $"{id}: {e.Message}"));
        }

        Assert.Empty(problems);
    }
}
