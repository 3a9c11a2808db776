using Envoy.Config.Listener.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.Matcher.V3;
using Mesh.XdsServer.Translation;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;

namespace Mesh.XdsServer.Tests.Translation.Simulation;

/// <summary>A request as it reaches a server-side proxy: the raw path, the method, the pod port, the caller's SPIFFE
/// id (null: plaintext, no peer certificate).</summary>
internal sealed record InboundRequest(string Path, int Port, string? Principal, string Method = "GET");

/// <summary>What the server-side proxy decided: the status it answered (null: forwarded to the app), the policy that
/// denied or (shadow) audited it.</summary>
internal sealed record InboundDecision(int? Status, string? DeniedBy = null, string? AuditedBy = null)
{
    public bool Forwarded => Status is null;
}

/// <summary>
/// Runs a request through the HTTP RBAC filters of an inbound HCM the way Envoy's RBAC engine does: the path is
/// normalized first (<see cref="PathNormalizer"/>), then each filter in order; a DENY policy match or an ALLOW filter
/// without a match answers 403; shadow rules only record the matched policy.
/// </summary>
internal static class RbacSimulator
{
    /// <summary>A sidecar's inbound request on <c>virtualInbound</c>: the chain for the port and TLS-ness.</summary>
    public static InboundDecision Sidecar(TranslatedResources resources, InboundRequest request)
    {
        var inbound = resources.Listeners.Single(l => l.Name == XdsNames.VirtualInbound);
        var chain = inbound.FilterChains.Single(c => c.FilterChainMatch?.DestinationPort == (uint)request.Port
            && c.FilterChainMatch.TransportProtocol == (request.Principal is null ? "raw_buffer" : "tls"));
        return Decide(Manager(chain), request);
    }

    /// <summary>A proxyless gRPC server's call on the server listener <paramref name="listenerName"/>.</summary>
    public static InboundDecision ProxylessServer(TranslatedResources resources, string listenerName, InboundRequest request)
    {
        var listener = resources.Listeners.Single(l => l.Name == listenerName);
        return Decide(Manager(listener.FilterChains.Single()), request);
    }

    private static HttpConnectionManager Manager(FilterChain chain) =>
        chain.Filters.Single(f => f.TypedConfig.Is(HttpConnectionManager.Descriptor)).TypedConfig.Unpack<HttpConnectionManager>();

    private static InboundDecision Decide(HttpConnectionManager hcm, InboundRequest request)
    {
        var path = hcm.NormalizePath == true ? PathNormalizer.Normalize(request.Path) : request.Path.Split('#')[0].Split('?')[0];
        if (path is null)
        {
            return new InboundDecision(400);
        }
        string? audited = null;
        foreach (var filter in hcm.HttpFilters.Where(f => f.TypedConfig.Is(HttpRbac.Descriptor)))
        {
            var rbac = filter.TypedConfig.Unpack<HttpRbac>();
            if (rbac.ShadowRules is { } shadow && FirstMatch(shadow, path, request) is { } shadowMatch)
            {
                audited = shadowMatch;
            }
            if (rbac.Rules is not { } rules)
            {
                continue;
            }
            var match = FirstMatch(rules, path, request);
            if (rules.Action == RBAC.Types.Action.Deny && match is not null)
            {
                return new InboundDecision(403, DeniedBy: match, AuditedBy: audited);
            }
            if (rules.Action == RBAC.Types.Action.Allow && match is null)
            {
                return new InboundDecision(403, DeniedBy: filter.Name, AuditedBy: audited);
            }
        }
        return new InboundDecision(null, AuditedBy: audited);
    }

    private static string? FirstMatch(RBAC rbac, string path, InboundRequest request) =>
        rbac.Policies.OrderBy(p => p.Key, StringComparer.Ordinal)
            .FirstOrDefault(p => p.Value.Permissions.Any(x => Matches(x, path, request)) && p.Value.Principals.Any(x => Matches(x, request)))
            .Key;

    private static bool Matches(Permission permission, string path, InboundRequest request) => permission.RuleCase switch
    {
        Permission.RuleOneofCase.Any => permission.Any,
        Permission.RuleOneofCase.AndRules => permission.AndRules.Rules.All(r => Matches(r, path, request)),
        Permission.RuleOneofCase.OrRules => permission.OrRules.Rules.Any(r => Matches(r, path, request)),
        Permission.RuleOneofCase.NotRule => !Matches(permission.NotRule, path, request),
        Permission.RuleOneofCase.DestinationPort => permission.DestinationPort == (uint)request.Port,
        Permission.RuleOneofCase.UrlPath => Matches(permission.UrlPath.Path, path),
        Permission.RuleOneofCase.Header when permission.Header.Name == ":method" => Matches(permission.Header.StringMatch, request.Method),
        _ => throw new NotSupportedException($"permission {permission.RuleCase}"),
    };

    private static bool Matches(Principal principal, InboundRequest request) => principal.IdentifierCase switch
    {
        Principal.IdentifierOneofCase.Any => principal.Any,
        Principal.IdentifierOneofCase.Authenticated => request.Principal is { } id && Matches(principal.Authenticated.PrincipalName, id),
        Principal.IdentifierOneofCase.OrIds => principal.OrIds.Ids.Any(p => Matches(p, request)),
        _ => throw new NotSupportedException($"principal {principal.IdentifierCase}"),
    };

    private static bool Matches(StringMatcher matcher, string value) => matcher.MatchPatternCase switch
    {
        StringMatcher.MatchPatternOneofCase.Exact => value == matcher.Exact,
        StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, StringComparison.Ordinal),
        _ => throw new NotSupportedException($"string matcher {matcher.MatchPatternCase}"),
    };
}
