using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using ResilienceHub.GraphQL.AspNetCore.Errors;
using ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;
using static ResilienceHub.GraphQL.AspNetCore.Tests.Hosting.GraphQLHttp;

namespace ResilienceHub.GraphQL.AspNetCore.Tests;

public sealed class ErrorMaskingTests(GraphQLTestServer server)
{
    [Fact]
    public async Task HidesAnUnexpectedResolverExceptionBehindACorrelationId()
    {
        var reply = await server.PostAsync(Body("{ hello failure }"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Hello, world!", reply.Json.GetProperty("data").GetProperty("hello").GetString());
        var error = reply.FirstError;
        Assert.Equal("An unexpected error occurred.", error.GetProperty("message").GetString());
        Assert.Equal("failure", error.GetProperty("path")[0].GetString());
        var extensions = error.GetProperty("extensions");
        Assert.Equal(UnexpectedError.ErrorCode, extensions.GetProperty("code").GetString());
        Assert.False(extensions.TryGetProperty("codes", out _));
        Assert.False(string.IsNullOrWhiteSpace(extensions.GetProperty("correlationId").GetString()));
        foreach (var leak in new[] { TestQuery.SecretMessage, "InvalidOperation", "INVALID_OPERATION", "Exception", " at " })
        {
            Assert.DoesNotContain(leak, reply.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task LogsTheExceptionUnderTheCorrelationIdItReturns()
    {
        var reply = await server.PostAsync(Body("{ failure }"));
        var correlationId = reply.FirstError.GetProperty("extensions").GetProperty("correlationId").GetString()!;

        var logged = Assert.Single(server.Logs.Entries, e => e.Message.Contains(correlationId, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, logged.Level);
        var exception = Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Equal(TestQuery.SecretMessage, exception.Message);
    }

    [Fact]
    public async Task UsesTheRequestTraceIdAsTheCorrelationId()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        var reply = await server.PostAsync(Body("{ failure }"), headers: ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));

        Assert.Equal(traceId, reply.FirstError.GetProperty("extensions").GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task PassesADeliberateExecutionErrorThroughWithItsCode()
    {
        var reply = await server.PostAsync(Body("{ notFound }"));

        var error = reply.FirstError;
        Assert.Equal("No such thing.", error.GetProperty("message").GetString());
        var extensions = error.GetProperty("extensions");
        Assert.Equal("NOT_FOUND", extensions.GetProperty("code").GetString());
        Assert.False(extensions.TryGetProperty("codes", out _));
        Assert.False(extensions.TryGetProperty("correlationId", out _));
    }
}
