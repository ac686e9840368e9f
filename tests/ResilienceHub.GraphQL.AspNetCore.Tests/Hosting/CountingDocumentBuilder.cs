using System.Collections.Concurrent;
using GraphQL.Execution;
using GraphQLParser.AST;

namespace ResilienceHub.GraphQL.AspNetCore.Tests.Hosting;

/// <summary>GraphQL.NET's parser, counting how often each query text is parsed.</summary>
public sealed class CountingDocumentBuilder : IDocumentBuilder
{
    private readonly GraphQLDocumentBuilder _inner = new();
    private readonly ConcurrentDictionary<string, int> _parses = new();

    public GraphQLDocument Build(string body)
    {
        _parses.AddOrUpdate(body, 1, (_, count) => count + 1);
        return _inner.Build(body);
    }

    public int ParsesOf(string query) => _parses.GetValueOrDefault(query);
}
