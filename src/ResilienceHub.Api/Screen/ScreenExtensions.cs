using Microsoft.Net.Http.Headers;
using ResilienceHub.Api.GraphQL;

namespace ResilienceHub.Api.Screen;

public static class ScreenExtensions
{
    /// <summary>
    /// The director's screen: the built ClientApp in wwwroot, index.html at <c>/</c>; and, where <c>GraphQL:GraphiQL</c> is on,
    /// GraphiQL at <c>/graphql</c> for a browser's plain GET (Accept: text/html, no query); and how the page signs in (<see cref="ScreenSignIn"/>). Served before
    /// authentication, as the pages hold no data.
    /// </summary>
    public static WebApplication UseScreen(this WebApplication app)
    {
        var graphiql = app.Services.GetRequiredService<GraphQLLimits>().GraphiQL;
        app.Use(async (context, next) =>
        {
            if (!graphiql && context.Request.Path.Equals(GraphiQLPage, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (graphiql && IsBrowserOpeningGraphQL(context.Request) && app.Environment.WebRootFileProvider.GetFileInfo(GraphiQLPage[1..]) is { Exists: true } page)
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.SendFileAsync(page, context.RequestAborted);
                return;
            }
            await next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        ScreenSignIn.MapScreenSignIn(app);
        return app;
    }

    private const string GraphiQLPage = "/graphiql.html";

    // Only a page request: API clients ask for JSON, and any GET carrying a query goes to GraphQL over HTTP unchanged.
    private static bool IsBrowserOpeningGraphQL(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Path.Equals("/graphql", StringComparison.OrdinalIgnoreCase)
        && !request.Query.ContainsKey("query") && !request.Query.ContainsKey("documentId")
        && request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault() is { } preferred
        && preferred.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase);
}
