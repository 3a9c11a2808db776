using System.Globalization;

namespace Mesh.XdsServer.Model;

/// <summary>
/// The one table of what each proxyless gRPC implementation understands, keyed on what clients really send in
/// node.user_agent_name and node.user_agent_version (seen from our own server, tests/XdsServer.Tests/Conformance/
/// UserAgentTests):
/// <list type="bullet">
/// <item>grpc-js-xds 1.14.1: name <c>gRPC Node Pure JS</c>, version <c>1.14.1</c> (the grpc-js-xds package version).</item>
/// <item>python grpcio 1.51.1: name <c>gRPC C-core linux Python</c>, version <c>C-core 29.0.0 Python 1.51.1</c>: the
/// name starts with <c>gRPC C-core</c> whatever the wrapper, and the version that decides xDS parsing is the core
/// version after <c>C-core </c> (29.0.0), not the gRPC release (1.51.1).</item>
/// </list>
/// A gRPC client the table does not know (grpc-go sends <c>gRPC Go</c>, grpc-java <c>gRPC Java</c>), or whose version
/// cannot be read, gets <see cref="ProxyCapabilities.Legacy"/>: the deprecated forms are understood by every gRPC
/// implementation and gRFC A63 keeps them supported, so erring that way costs nothing. A client that sends no
/// user_agent_name at all is no gRPC library (every one announces itself; tools and test clients do not) and gets
/// <see cref="ProxyCapabilities.Full"/>, as do Envoy sidecars, which are not looked up.
/// </summary>
public static class ProxyCapabilityTable
{
    /// <summary>node.user_agent_name of @grpc/grpc-js-xds.</summary>
    public const string GrpcJsUserAgent = "gRPC Node Pure JS";

    /// <summary>Prefix of node.user_agent_name of every gRPC C-core wrapper (C++, Python, Ruby, PHP, ...).</summary>
    public const string CoreUserAgentPrefix = "gRPC C-core";

    private const string GrpcJs = "grpc-js-xds";
    private const string Core = "gRPC C-core";

    private const string A63 = "gRFC A63 (xDS StringMatcher in header matching) adds HeaderMatcher.string_match; ";

    /// <summary>Every entry, with its source. A feature a client has no entry for is not understood by it.</summary>
    public static IReadOnlyList<ProxyCapabilityEntry> Entries { get; } =
    [
        new()
        {
            Client = GrpcJs,
            Feature = nameof(ProxyCapabilities.HeaderStringMatch),
            Since = new Version(1, 9, 0),
            Source = A63 + "grpc/grpc-node#2462 (merged 2023-06-02) implemented it; 1.9 is the first release line cut after it. " +
                "1.14.1 is verified: its route-config-resource-type.js lists string_match and it routes on it (CoreClientConformanceTests).",
        },
        new()
        {
            Client = GrpcJs,
            Feature = nameof(ProxyCapabilities.RbacHeaderStringMatch),
            Since = new Version(1, 9, 0),
            Source = "grpc-js-xds's RBAC filter parses header matchers with the route's getPredicateForHeaderMatcher (rbac.js), " +
                "so it has string_match from the same release as routes.",
        },
        new()
        {
            Client = Core,
            Feature = nameof(ProxyCapabilities.HeaderStringMatch),
            Since = new Version(34, 0, 0),
            Source = A63 + "grpc/grpc#32993 (merged 2023-05-02) implemented it for RouteConfiguration, in gRPC 1.56. The core " +
                "version is what C-core reports; 1.51.1 reports 29.0.0 and the core major grows by at most one per release, so " +
                "34.0.0 bounds 1.56 from above. Verified missing in 29.0.0: it NACKs with \"Invalid route header matcher specified\".",
        },
        new()
        {
            Client = Core,
            Feature = nameof(ProxyCapabilities.RbacHeaderStringMatch),
            Since = new Version(47, 0, 0),
            Source = "grpc/grpc#38185 (2024-11) propagated string_match to C-core's RBAC filter (left over from #32993), in gRPC " +
                "1.69 and backported to 1.68.x (#38198); 47.0.0 bounds 1.69's core version from above (29.0.0 + 18 releases).",
        },
    ];

    /// <summary>True when <paramref name="userAgentName"/> is a gRPC library's (every one starts with <c>gRPC </c>:
    /// <c>gRPC Node Pure JS</c>, <c>gRPC C-core ...</c>, <c>gRPC Go</c>, <c>gRPC Java</c>); Envoy sends <c>envoy</c>.</summary>
    public static bool IsGrpc(string? userAgentName) => userAgentName?.StartsWith("gRPC ", StringComparison.Ordinal) == true;

    /// <summary>The capabilities of a proxyless client announcing <paramref name="userAgentName"/> and <paramref name="userAgentVersion"/>.</summary>
    public static ProxyCapabilities Resolve(string? userAgentName, string? userAgentVersion)
    {
        if (string.IsNullOrEmpty(userAgentName))
        {
            return ProxyCapabilities.Full;
        }

        if (ClientOf(userAgentName, userAgentVersion) is not (string client, Version version))
        {
            return ProxyCapabilities.Legacy;
        }

        bool Has(string feature) => Entries.Any(e => e.Client == client && e.Feature == feature && version >= e.Since);
        return new ProxyCapabilities
        {
            HeaderStringMatch = Has(nameof(ProxyCapabilities.HeaderStringMatch)),
            RbacHeaderStringMatch = Has(nameof(ProxyCapabilities.RbacHeaderStringMatch)),
        };
    }

    /// <summary>The table's client name and the version it compares, or null for a client the table does not know.</summary>
    public static (string Client, Version? Version)? ClientOf(string? userAgentName, string? userAgentVersion)
    {
        if (userAgentName == GrpcJsUserAgent)
        {
            return (GrpcJs, ParseVersion(userAgentVersion));
        }

        if (userAgentName?.StartsWith(CoreUserAgentPrefix, StringComparison.Ordinal) == true)
        {
            // "C-core 29.0.0 Python 1.51.1": the token after "C-core" (a wrapper may add its own version after it).
            var tokens = (userAgentVersion ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(tokens, "C-core");
            return (Core, at >= 0 && at + 1 < tokens.Length ? ParseVersion(tokens[at + 1]) : null);
        }

        return null;
    }

    /// <summary>Major.minor.patch, ignoring a pre-release or build suffix (<c>1.60.0-pre1</c> is 1.60.0).</summary>
    private static Version? ParseVersion(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        var parts = text[..end].Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Length > 3)
        {
            return null;
        }

        var numbers = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
        if (numbers.Any(n => n < 0))
        {
            return null;
        }

        while (numbers.Count < 3)
        {
            numbers.Add(0);
        }

        return new Version(numbers[0], numbers[1], numbers[2]);
    }
}
