namespace ResilienceHub.Api.Screen;

public static class ScreenExtensions
{
    /// <summary>The director's screen: the built ClientApp in wwwroot, index.html at <c>/</c>. Served before authentication, as it holds no data.</summary>
    public static WebApplication UseScreen(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
