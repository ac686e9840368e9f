namespace ResilienceHub.GraphQL.AspNetCore.WebSockets;

/// <summary>
/// How many connections and running operations each identity has on one endpoint, for the per-identity caps of
/// <see cref="GraphQLWebSocketOptions"/>. An identity with neither is forgotten, so the table only holds who is connected.
/// </summary>
internal sealed class WebSocketIdentities
{
    private readonly Dictionary<string, Counts> _counts = new(StringComparer.Ordinal);

    /// <summary>Identities with a connection or an operation; none once every client has left.</summary>
    public int Count
    {
        get
        {
            lock (_counts)
            {
                return _counts.Count;
            }
        }
    }

    public (int Connections, int Operations) CountsOf(string identity)
    {
        lock (_counts)
        {
            return _counts.TryGetValue(identity, out var counts) ? (counts.Connections, counts.Operations) : (0, 0);
        }
    }

    /// <summary>Counts one more connection unless the identity already has <paramref name="max"/>.</summary>
    public bool TryAddConnection(string identity, int max) => TryAdd(identity, max, connection: true);

    public void RemoveConnection(string identity) => Remove(identity, connection: true);

    /// <summary>Counts one more operation unless the identity already runs <paramref name="max"/>.</summary>
    public bool TryAddOperation(string identity, int max) => TryAdd(identity, max, connection: false);

    public void RemoveOperation(string identity) => Remove(identity, connection: false);

    private bool TryAdd(string identity, int max, bool connection)
    {
        lock (_counts)
        {
            var counts = _counts.TryGetValue(identity, out var found) ? found : new Counts();
            if ((connection ? counts.Connections : counts.Operations) >= max)
            {
                return false;
            }
            _counts[identity] = connection ? counts with { Connections = counts.Connections + 1 } : counts with { Operations = counts.Operations + 1 };
            return true;
        }
    }

    private void Remove(string identity, bool connection)
    {
        lock (_counts)
        {
            if (!_counts.TryGetValue(identity, out var counts))
            {
                return;
            }
            counts = connection ? counts with { Connections = counts.Connections - 1 } : counts with { Operations = counts.Operations - 1 };
            if (counts is { Connections: <= 0, Operations: <= 0 })
            {
                _counts.Remove(identity);
            }
            else
            {
                _counts[identity] = counts;
            }
        }
    }

    private readonly record struct Counts(int Connections, int Operations);
}
