using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Envoy.Config.Listener.V3;
using Google.Protobuf;
using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The gRFC A36 server listeners of one proxyless pod for any host a server may bind: a name
/// <c>xds.mesh.dev/grpc/lds/inbound/&lt;host&gt;:&lt;port&gt;</c> whose port is a meshed gRPC/HTTP port of the pod is
/// answered with the pod's server chains, echoing host and port in socket_address; anything else does not exist.
/// The translator pre-builds the wildcard, loopback and pod-IP listeners; this answers the rest (a host name such as
/// <c>localhost</c> or the pod's hostname, an IP the scope does not know) when a server subscribes to it.
/// Built listeners are memoized per name for the life of the scope's translation, up to <see cref="MaxMemoized"/> names
/// (the names come from proxies: a misbehaving one must not grow the memo without bound).
/// </summary>
internal sealed class ProxylessServerListenerTemplate : IResourceTemplate
{
    /// <summary>How many requested names are remembered; past it a listener is rebuilt per request.</summary>
    public const int MaxMemoized = 256;

    /// <summary>DNS names are at most 253 characters (RFC 1035 2.3.4, without the final dot).</summary>
    private const int MaxHostLength = 253;

    private static readonly string Prefix = XdsNames.ProxylessServerListenerTemplate[..XdsNames.ProxylessServerListenerTemplate.IndexOf("%s", StringComparison.Ordinal)];

    private readonly TranslationContext _context;
    private readonly HashSet<int> _ports;
    private readonly ConcurrentDictionary<string, Listener?> _memo = new(StringComparer.Ordinal);

    public ProxylessServerListenerTemplate(TranslationContext context)
    {
        _context = context;
        _ports = ProxylessServerListenerBuilder.ServedPorts(context).ToHashSet();
    }

    /// <summary>The meshed target ports answered.</summary>
    public IReadOnlyCollection<int> Ports => _ports;

    public IMessage? Build(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_memo.TryGetValue(name, out var known))
        {
            return known;
        }

        var built = TryParse(name, out var host, out var port) && _ports.Contains(port)
            ? ProxylessServerListenerBuilder.Create(_context, host, port)
            : null;
        if (_memo.Count < MaxMemoized)
        {
            // Concurrent first requests may build twice; the first stored instance is the one served from then on.
            return _memo.GetOrAdd(name, built);
        }

        return built;
    }

    /// <summary>
    /// Splits <c>&lt;prefix&gt;&lt;host&gt;:&lt;port&gt;</c> as grpc-js and C-core format it (an IPv6 host in brackets)
    /// and checks the host is an IP literal or a DNS name; false for anything else.
    /// </summary>
    public static bool TryParse(string name, out string host, out int port)
    {
        host = "";
        port = 0;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var address = name.AsSpan(Prefix.Length);
        var colon = address.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port)
            || port is < 1 or > 65535)
        {
            port = 0;
            return false;
        }

        var hostPart = address[..colon];
        if (hostPart.Length > 2 && hostPart[0] == '[' && hostPart[^1] == ']')
        {
            var literal = hostPart[1..^1].ToString();
            host = literal;
            return IPAddress.TryParse(literal, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;
        }

        host = hostPart.ToString();
        return IPAddress.TryParse(host, out var v4) ? v4.AddressFamily == AddressFamily.InterNetwork && IsDottedQuad(host) : IsDnsName(host);
    }

    /// <summary>IPAddress.TryParse also takes "1" or "0x7f.1": only the dotted quad a server prints is accepted.</summary>
    private static bool IsDottedQuad(string host) => host.Count(c => c == '.') == 3;

    /// <summary>RFC 1123 host names: labels of letters, digits and inner hyphens, 1 to 63 characters each.</summary>
    private static bool IsDnsName(string host)
    {
        if (host.Length is 0 or > MaxHostLength)
        {
            return false;
        }

        var labels = host.Split('.');
        if (labels[^1].All(char.IsAsciiDigit))
        {
            // All-numeric: a malformed IP (999.1.1.1), not a name (RFC 1123 2.1).
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
