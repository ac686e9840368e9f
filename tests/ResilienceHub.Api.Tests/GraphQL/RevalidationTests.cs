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

    [Fact]
    public async Task ASharedAnswerIsGzippedForAClientThatAcceptsItUnderATagOfItsOwn()
    {
        await using var scenario = await Scenario.StartAsync(now: new DateTimeOffset(Scenario.FirstPeriod.AddMinutes(30)));
        // Every participant's latest return and measures: well over a kilobyte.
        const string Board = "query($id: ID!) { incident(id: $id) { dashboard { organisations { organisation { name } latest { measures { measure { code name } value } } } } } }";
        await scenario.Client.QueryAsync("mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code } } }", new { i = scenario.AcuteReturn(Scenario.FirstPeriod) });
        async Task<HttpResponseMessage> AskAsync(string? acceptEncoding, EntityTagHeaderValue? held = null)
        {
            var body = JsonSerializer.Serialize(new { query = Board, variables = new { id = scenario.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (acceptEncoding is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            }

            if (held is not null)
            {
                request.Headers.IfNoneMatch.Add(held);
            }

            return await scenario.Client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        // Shared from its second asking.
        using var first = await AskAsync("gzip");
        using var plain = await AskAsync(null);
        using var gzipped = await AskAsync("br;q=1.0, gzip;q=0.8");
        using var refused = await AskAsync("gzip;q=0, identity");
        using var anything = await AskAsync("*");
        using var holdingItsOwn = await AskAsync("gzip", gzipped.Headers.ETag);
        using var holdingThePlainTag = await AskAsync("gzip", plain.Headers.ETag);

        var text = await plain.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Empty(first.Content.Headers.ContentEncoding);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], gzipped.Content.Headers.ContentEncoding);
        await using (var unzipped = new System.IO.Compression.GZipStream(await gzipped.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), System.IO.Compression.CompressionMode.Decompress))
        {
            using var copy = new MemoryStream();
            await unzipped.CopyToAsync(copy, TestContext.Current.CancellationToken);
            Assert.Equal(text, copy.ToArray());
        }

        Assert.True(text.Length > 1024, $"{text.Length} bytes");
        Assert.True(gzipped.Content.Headers.ContentLength < text.Length / 2, $"{gzipped.Content.Headers.ContentLength} of {text.Length} bytes");
        Assert.NotEqual(plain.Headers.ETag, gzipped.Headers.ETag);
        Assert.Contains("Accept-Encoding", plain.Headers.Vary);
        Assert.Empty(refused.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], anything.Content.Headers.ContentEncoding);
        Assert.Equal(HttpStatusCode.NotModified, holdingItsOwn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, holdingThePlainTag.StatusCode);
    }
}
