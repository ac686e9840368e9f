namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>One API with the demo incident seeded, shared by the tests of a class that only read.</summary>
public class DemoApi : IAsyncLifetime
{
    private HttpClient? _client;

    public ApiFactory Factory { get; protected init; } = new(demo: true);

    public virtual HttpClient Client => _client ??= Factory.CreateClient();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, on SQL Server; every test that touches it is skipped, with the reason, where there is no Docker engine.</summary>
public sealed class SqlServerDemoApi : DemoApi
{
    private readonly SqlServerContainer _server;
    private bool _databaseChosen;

    public SqlServerDemoApi(SqlServerContainer server)
    {
        _server = server;
        Factory = new ApiFactory(demo: true).With("Database:Provider", "SqlServer");
    }

    public override HttpClient Client
    {
        get
        {
            if (!_databaseChosen)
            {
                Factory.With("ConnectionStrings:ResilienceHub", _server.NewDatabase("demo_" + Guid.NewGuid().ToString("N")[..12]));
                _databaseChosen = true;
            }

            return base.Client;
        }
    }
}
