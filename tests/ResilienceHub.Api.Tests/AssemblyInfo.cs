using ResilienceHub.Api.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(SqlServerContainer))]
