using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.GraphQL;

/// <summary>A screen polling its dashboard with the ETag it holds: 304 while nothing changed, the new answer after a return.</summary>
public sealed class RevalidationTests
{
    private const string Dashboard = "query($id: ID!) { incident(id: $id) { dashboard { compliance { onTime late } organisations { latest { version } } } } }";

    [Fact]
    public async Task ThePolledDashboardIsNotModifiedUntilAReturnArrivesThenItsTagChanges()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(30)));
        async Task<HttpResponseMessage> PollAsync(EntityTagHeaderValue? held)
        {
            var body = JsonSerializer.Serialize(new { query = Dashboard, variables = new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (held is not null)
            {
                request.Headers.IfNoneMatch.Add(held);
            }

            return await scenario.Client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        using var first = await PollAsync(null);
        var tag = first.Headers.ETag!;
        using var unchanged = await PollAsync(tag);
        var submitted = await scenario.Client.QueryAsync(
            "mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = scenario.AcuteReturn(Scenario.FirstPeriod) });
        using var changed = await PollAsync(tag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(submitted["submitSitrep"]!["errors"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        Assert.Contains("\"late\":1", await changed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachMediaTypeOfTheSameAnswerHasATagOfItsOwnAndTheAnswerVariesByAccept()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(30)));
        async Task<HttpResponseMessage> AskAsync(string accept, EntityTagHeaderValue? held = null)
        {
            var body = JsonSerializer.Serialize(new { query = Dashboard, variables = new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd(accept);
            if (held is not null)
            {
                request.Headers.IfNoneMatch.Add(held);
            }

            return await scenario.Client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        using var graphQL = await AskAsync("application/graphql-response+json");
        using var json = await AskAsync("application/json");
        using var jsonHoldingTheOtherTag = await AskAsync("application/json", graphQL.Headers.ETag);
        using var jsonHoldingItsOwn = await AskAsync("application/json", json.Headers.ETag);

        Assert.Equal(
            await graphQL.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            await json.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotEqual(graphQL.Headers.ETag, json.Headers.ETag);
        Assert.Contains("Accept", graphQL.Headers.Vary);
        Assert.Equal(HttpStatusCode.OK, jsonHoldingTheOtherTag.StatusCode);
        Assert.Equal("application/json", jsonHoldingTheOtherTag.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, jsonHoldingItsOwn.StatusCode);
    }
}
