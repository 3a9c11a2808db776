using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;
using NetworkRbac = Envoy.Extensions.Filters.Network.Rbac.V3.RBAC;
using RbacAction = Envoy.Config.Rbac.V3.RBAC.Types.Action;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The RBAC filters of one inbound port: AUDIT first (shadow rules, sidecars only: counted and written to dynamic
/// metadata for the access log, never enforced; first so that a request refused later is still audited), then DENY,
/// then ALLOW as Istio orders them. Each is its own filter so that a DENY match ends the request before any ALLOW is
/// consulted.
/// </summary>
internal static class RbacFilterBuilder
{
    /// <summary>Prefix of the audit filter's shadow stats and dynamic metadata keys
    /// (<c>audit_shadow_effective_policy_id</c> names the matched rule).</summary>
    public const string AuditPrefix = "audit_";

    /// <summary>HTTP RBAC filters for a sidecar HCM or a proxyless gRPC server HCM (<paramref name="shadow"/> false:
    /// grpc-js-xds NACKs a filter holding only shadow rules).</summary>
    public static IEnumerable<HttpFilter> Http(AuthorizationPlan plan, bool shadow, bool headerStringMatch = true)
    {
        if (shadow && plan.Audit.Count > 0)
        {
            // No "rules": nothing is enforced; shadow_rules only count and tag the request.
            yield return HttpFilter(XdsNames.RbacAuditFilter, new HttpRbac
            {
                ShadowRules = RbacPolicyBuilder.Rules(plan.Audit, RbacAction.Deny, http: true),
                ShadowRulesStatPrefix = AuditPrefix,
            });
        }
        if (plan.Deny.Count > 0)
        {
            yield return HttpFilter(XdsNames.RbacDenyFilter, new HttpRbac { Rules = RbacPolicyBuilder.Rules(plan.Deny, RbacAction.Deny, http: true, headerStringMatch) });
        }
        if (plan.Allow is { } allow)
        {
            yield return HttpFilter(XdsNames.RbacAllowFilter, new HttpRbac { Rules = RbacPolicyBuilder.Rules(allow, RbacAction.Allow, http: true, headerStringMatch) });
        }
    }

    /// <summary>Network RBAC filters for a sidecar TCP chain (before tcp_proxy).</summary>
    public static IEnumerable<Filter> Network(AuthorizationPlan plan, string statPrefix)
    {
        if (plan.Audit.Count > 0)
        {
            yield return NetworkFilter(XdsNames.NetworkRbacAuditFilter, new NetworkRbac
            {
                StatPrefix = statPrefix + "_audit",
                ShadowRules = RbacPolicyBuilder.Rules(plan.Audit, RbacAction.Deny, http: false),
                ShadowRulesStatPrefix = AuditPrefix,
            });
        }
        if (plan.Deny.Count > 0)
        {
            yield return NetworkFilter(XdsNames.NetworkRbacDenyFilter, new NetworkRbac
            {
                StatPrefix = statPrefix + "_deny",
                Rules = RbacPolicyBuilder.Rules(plan.Deny, RbacAction.Deny, http: false),
            });
        }
        if (plan.Allow is { } allow)
        {
            yield return NetworkFilter(XdsNames.NetworkRbacAllowFilter, new NetworkRbac
            {
                StatPrefix = statPrefix + "_allow",
                Rules = RbacPolicyBuilder.Rules(allow, RbacAction.Allow, http: false),
            });
        }
    }

    private static HttpFilter HttpFilter(string name, HttpRbac config) => new() { Name = name, TypedConfig = Pack(config) };

    private static Filter NetworkFilter(string name, NetworkRbac config) => new() { Name = name, TypedConfig = Pack(config) };
}
