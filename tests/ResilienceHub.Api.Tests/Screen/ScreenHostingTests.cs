using System.Net;
using System.Net.Http.Headers;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Screen;

public class ScreenHostingTests(DemoApi api) : IClassFixture<DemoApi>
{
    [Fact]
    public async Task TheScreenIsServedAtTheRootWithoutAToken()
    {
        using var client = api.Factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\">", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhereGraphiQLIsOnABrowserOpeningGraphQLGetsIt()
    {
        await using var open = new ApiFactory().With("GraphQL:GraphiQL", "true");
        using var client = open.CreateAnonymousClient();

        using var response = await client.SendAsync(BrowserOpeningGraphQL(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("GraphiQL", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphiQLIsOffUnlessTurnedOn()
    {
        using var client = api.Factory.CreateAnonymousClient();

        using var opening = await client.SendAsync(BrowserOpeningGraphQL(), TestContext.Current.CancellationToken);
        using var page = await client.GetAsync("/graphiql.html", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("GraphiQL", await opening.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    private static HttpRequestMessage BrowserOpeningGraphQL()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return request;
    }

    [Theory]
    [InlineData("application/graphql-response+json")]
    [InlineData("application/json, text/html;q=0.5")]
    public async Task AGetThatAsksForJsonOrCarriesAQueryStillGoesToGraphQL(string accept)
    {
        using var client = api.Factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7B__typename%7D");
        request.Headers.Accept.ParseAdd(accept);
        using var htmlWithQuery = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7B__typename%7D");
        htmlWithQuery.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        using var html = await client.SendAsync(htmlWithQuery, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"__typename\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain("GraphiQL", await html.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
