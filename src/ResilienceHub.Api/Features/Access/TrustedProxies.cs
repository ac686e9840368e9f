using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ResilienceHub.Api.Features.Access;

/// <summary>
/// The <c>ForwardedHeaders</c> section: the reverse proxies or load balancers in front of the API whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed, so that the rate limit (per address, for anonymous
/// callers) and the audit trail see the client rather than the proxy. None by default: a forwarded header from anyone
/// else is ignored, since a client could otherwise name any address it liked.
/// </summary>
public sealed class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.4</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, as CIDR, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>The middleware's options; a value that is not an address or a network stops the start, naming it.</summary>
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var (proxy, index) in KnownProxies.Select((p, i) => (p, i)))
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies:{index} is '{proxy}', which is not an IP address."));
        }

        foreach (var (network, index) in KnownNetworks.Select((n, i) => (n, i)))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{Section}:KnownNetworks:{index} is '{network}', which is not a network in CIDR form (10.0.0.0/24)."));
        }
    }
}
