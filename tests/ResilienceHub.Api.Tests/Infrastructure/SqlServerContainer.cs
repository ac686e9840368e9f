using Testcontainers.MsSql;

namespace ResilienceHub.Api.Tests.Infrastructure;

/// <summary>
/// One SQL Server 2022 container for the whole test run, where a Docker engine answers. Where none
/// does, the SQL Server tests are skipped with the reason, never run against something else.
/// </summary>
public sealed class SqlServerContainer : IAsyncLifetime
{
    private MsSqlContainer? _container;

    public string? ConnectionString { get; private set; }

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        try
        {
            _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
            await _container.StartAsync();
            ConnectionString = _container.GetConnectionString();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            SkipReason = $"SQL Server tests need a Docker engine for Testcontainers, and none answered here ({exception.GetType().Name}: {exception.Message.Split('\n')[0]})";
        }
    }

    /// <summary>A fresh database on the shared server, so test classes never see each other's rows.</summary>
    public string NewDatabase(string name)
    {
        Assert.SkipUnless(ConnectionString is not null, SkipReason ?? "SQL Server is not available");
        return new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(ConnectionString) { InitialCatalog = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
