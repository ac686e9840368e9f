using System.Net;
using Microsoft.EntityFrameworkCore;
using ResilienceHub.Api.Tests.Infrastructure;

namespace ResilienceHub.Api.Tests.Hostile;

/// <summary>The CSV export: rate limited like the API, and no incident reference can break its headers.</summary>
public sealed class ExportProbes
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("NCSRG–2016–04", "NCSRG_2016_04-returns.csv", "NCSRG%E2%80%932016%E2%80%9304-returns.csv")]
    [InlineData("A\"; filename=evil.exe; x=\"", "A___filename_evil.exe__x__-returns.csv", "A%22%3B%20filename%3Devil.exe%3B%20x%3D%22-returns.csv")]
    public async Task AnyReferenceGivesOneWellFormedAttachmentHeader(string reference, string plain, string encoded)
    {
        await using var scenario = await Scenario.StartAsync();
        await using (var db = Contexts.Sqlite(scenario.Api.DatabasePath))
        {
            await db.Incidents.Where(i => i.Id == scenario.IncidentId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Reference, reference), Cancellation);
        }

        using var response = await scenario.Client.GetAsync($"/incidents/{scenario.IncidentId}/sitreps.csv", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(plain, disposition.FileName);
        Assert.Equal(2, disposition.Parameters.Count);
        Assert.Contains($"filename*=UTF-8''{encoded}", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExportDrawsOnTheCallersRateLimit()
    {
        await using var scenario = await Scenario.StartAsync(configure: api => api.With("RateLimiting:PermitLimit", "3").With("RateLimiting:Window", "00:10:00"));
        using var viewer = scenario.Api.CreateClient("VIEWER");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await viewer.GetAsync($"/incidents/{scenario.IncidentId}/sitreps.csv", Cancellation);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
