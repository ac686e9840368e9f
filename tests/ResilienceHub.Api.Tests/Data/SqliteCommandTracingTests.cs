using ResilienceHub.Api.Data;

namespace ResilienceHub.Api.Tests.Data;

public class SqliteCommandTracingTests
{
    [Theory]
    [InlineData("SELECT \"o\".\"Id\" FROM \"Organisations\" AS \"o\"", "SELECT")]
    [InlineData("  insert into x values (@p0)", "INSERT")]
    [InlineData("-- Dashboard\n-- second tag\nSELECT 1", "SELECT")]
    [InlineData("PRAGMA journal_mode=WAL;", "PRAGMA")]
    [InlineData("", null)]
    [InlineData("-- only a comment", null)]
    public void TheOperationIsTheFirstKeywordAfterAnyComments(string sql, string? operation)
    {
        Assert.Equal(operation, SqliteCommandTracing.OperationOf(sql));
    }
}
