using System.Text.RegularExpressions;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Envoy.Type.Matcher.V3;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation.Simulation;

/// <summary>
/// Evaluates a request against translated resources the way Envoy (or a proxyless gRPC client) would, far enough to
/// say which cluster it reaches (after istio pilot/pkg/simulation). Domain matching: exact, then "*". Regexes are RE2
/// full matches; .NET's engine agrees on the patterns used in tests.
/// </summary>
internal static class RouteSimulator
{
    /// <summary>A sidecar's outbound HTTP call: the listener <c>0.0.0.0_&lt;port&gt;</c>, its RDS config, then routing.</summary>
    public static SimulationResult Sidecar(TranslatedResources resources, SimulatedRequest request)
    {
        var listener = resources.Listeners.SingleOrDefault(l => l.Name == XdsNames.OutboundHttpListener(request.Port))
            ?? throw new Xunit.Sdk.XunitException($"no outbound HTTP listener for port {request.Port}");
        var hcm = listener.FilterChains.Single().Filters.Single().TypedConfig.Unpack<HttpConnectionManager>();
        return Route(resources, listener.Name, hcm.Rds.RouteConfigName, request);
    }

    /// <summary>A proxyless gRPC call to <c>xds:///&lt;target&gt;</c>: the API listener named target, its RDS config.</summary>
    public static SimulationResult Proxyless(TranslatedResources resources, string target, SimulatedRequest request)
    {
        var listener = resources.Listeners.SingleOrDefault(l => l.Name == target)
            ?? throw new Xunit.Sdk.XunitException($"no API listener named {target}");
        var hcm = listener.ApiListener.ApiListener_.Unpack<HttpConnectionManager>();
        return Route(resources, listener.Name, hcm.Rds.RouteConfigName, request with { Host = target.Split(':')[0] } );
    }

    /// <summary>A sidecar's outbound TCP connection to <paramref name="ip"/>:<paramref name="port"/>.</summary>
    public static string Tcp(TranslatedResources resources, string ip, int port)
    {
        var listener = resources.Listeners.SingleOrDefault(l => l.Name == XdsNames.OutboundTcpListener(ip, port))
            ?? resources.Listeners.Single(l => l.Name == XdsNames.VirtualOutbound);
        var chain = listener.FilterChains.FirstOrDefault(c => c.FilterChainMatch is null || c.FilterChainMatch.DestinationPort != (uint)XdsNames.OutboundCapturePort)
            ?? throw new Xunit.Sdk.XunitException($"listener {listener.Name} has no chain for {ip}:{port}");
        return chain.Filters.Single().TypedConfig.Unpack<TcpProxy>().Cluster;
    }

    private static SimulationResult Route(TranslatedResources resources, string listener, string routeConfigName, SimulatedRequest request)
    {
        var config = resources.Routes.SingleOrDefault(r => r.Name == routeConfigName)
            ?? throw new Xunit.Sdk.XunitException($"listener {listener} names route configuration {routeConfigName}, which was not generated");
        // Envoy matches the :authority as sent ("host" or "host:port") unless the configuration ignores the port.
        var authority = config.IgnorePortInHostMatching ? request.Host : $"{request.Host}:{request.Port}";
        var host = config.VirtualHosts.FirstOrDefault(v => v.Domains.Contains(authority) || v.Domains.Contains(request.Host))
            ?? config.VirtualHosts.FirstOrDefault(v => v.Domains.Contains("*"));
        var result = new SimulationResult { Listener = listener, RouteConfig = config.Name };
        if (host is null)
        {
            return result with { DirectStatus = 404 };
        }
        var route = host.Routes.FirstOrDefault(r => Matches(r.Match, request));
        if (route is null)
        {
            return result with { VirtualHost = host.Name, DirectStatus = 404 };
        }
        result = result with { VirtualHost = host.Name, Route = route.Name, Matched = route };
        if (route.DirectResponse is { } direct)
        {
            return result with { DirectStatus = direct.Status };
        }
        var action = route.Route_;
        var clusters = action.ClusterSpecifierCase == RouteAction.ClusterSpecifierOneofCase.Cluster
            ? new Dictionary<string, uint> { [action.Cluster] = 100 }
            : action.WeightedClusters.Clusters.ToDictionary(c => c.Name, c => c.Weight ?? 0);
        return result with { Clusters = clusters, Mirrors = action.RequestMirrorPolicies.Select(m => m.Cluster).ToArray() };
    }

    private static bool Matches(RouteMatch match, SimulatedRequest request)
    {
        var path = request.Path.Split('?')[0];
        var pathOk = match.PathSpecifierCase switch
        {
            RouteMatch.PathSpecifierOneofCase.Prefix => path.StartsWith(match.Prefix, StringComparison.Ordinal),
            RouteMatch.PathSpecifierOneofCase.Path => path == match.Path,
            RouteMatch.PathSpecifierOneofCase.PathSeparatedPrefix =>
                path == match.PathSeparatedPrefix || path.StartsWith(match.PathSeparatedPrefix + "/", StringComparison.Ordinal),
            RouteMatch.PathSpecifierOneofCase.SafeRegex => FullMatch(match.SafeRegex.Regex, path),
            _ => throw new NotSupportedException($"path specifier {match.PathSpecifierCase}"),
        };
        return pathOk && match.Headers.All(h => Matches(h, request));
    }

    private static bool Matches(HeaderMatcher matcher, SimulatedRequest request)
    {
        var value = matcher.Name switch
        {
            ":method" => request.Method,
            ":authority" => request.Host,
            ":path" => request.Path,
            _ => request.Headers.FirstOrDefault(h => string.Equals(h.Key, matcher.Name, StringComparison.OrdinalIgnoreCase)).Value,
        };
        bool result;
        if (matcher.HeaderMatchSpecifierCase == HeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch)
        {
            result = (value is not null) == matcher.PresentMatch;
        }
        else if (value is null)
        {
            // Envoy: an absent header never matches a string matcher, inverted or not.
            return false;
        }
        else
        {
            result = matcher.HeaderMatchSpecifierCase == HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch
                ? Matches(matcher.StringMatch, value)
                : throw new NotSupportedException($"header matcher {matcher.HeaderMatchSpecifierCase}");
        }
        return result != matcher.InvertMatch;
    }

    private static bool Matches(StringMatcher matcher, string value) => matcher.MatchPatternCase switch
    {
        StringMatcher.MatchPatternOneofCase.Exact => value == matcher.Exact,
        StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, StringComparison.Ordinal),
        StringMatcher.MatchPatternOneofCase.Suffix => value.EndsWith(matcher.Suffix, StringComparison.Ordinal),
        StringMatcher.MatchPatternOneofCase.Contains => value.Contains(matcher.Contains, StringComparison.Ordinal),
        StringMatcher.MatchPatternOneofCase.SafeRegex => FullMatch(matcher.SafeRegex.Regex, value),
        _ => throw new NotSupportedException($"string matcher {matcher.MatchPatternCase}"),
    };

    private static bool FullMatch(string regex, string value) =>
        Regex.IsMatch(value, $"^(?:{regex})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
