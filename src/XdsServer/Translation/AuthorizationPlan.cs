using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The authorization of one inbound port, merged over the services a pod serves on it, in Istio's terms: DENY
/// policies first, then, when any ALLOW policy applies (an Allow action, or a default that is not AllowAll), only
/// requests matching one of them pass; AUDIT policies are evaluated but never enforced. Services that share a target
/// port share one chain, so their policies are merged as Istio merges the policies of one workload.
/// </summary>
internal sealed record AuthorizationPlan
{
    /// <summary>Rules whose match refuses the request, by policy name.</summary>
    public required IReadOnlyList<NamedRule> Deny { get; init; }

    /// <summary>Rules whose match admits the request; null = no ALLOW filter (everything not denied passes).</summary>
    public required IReadOnlyList<NamedRule>? Allow { get; init; }

    /// <summary>Rules logged when they match (what a Deny would refuse), never enforced.</summary>
    public required IReadOnlyList<NamedRule> Audit { get; init; }

    public bool IsEmpty => Deny.Count == 0 && Allow is null && Audit.Count == 0;

    /// <summary>A rule with its policy name (shown in RBAC stats and the shadow effective policy id) and the
    /// namespace its service-account sources default to.</summary>
    internal sealed record NamedRule(string Name, AuthorizationRule Rule, string Namespace, string TrustDomain);

    public static AuthorizationPlan For(IEnumerable<MeshService> services, string modelTrustDomain)
    {
        var deny = new List<NamedRule>();
        var audit = new List<NamedRule>();
        List<NamedRule>? allow = null;
        foreach (var service in services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var trustDomain = service.TrustDomain ?? modelTrustDomain;
            var authorization = service.Authorization;
            var action = authorization?.Action;
            var rules = authorization?.Rules ?? [];
            var named = rules.Select((rule, i) => new NamedRule(
                $"{action?.ToString().ToLowerInvariant()}/{service.Namespace}/{service.Name}/rules[{i}]", rule, service.Namespace, trustDomain)).ToList();
            switch (action)
            {
                case AuthorizationAction.Allow:
                    // Allow rules decide alone: what they do not cover is refused, whatever the default says.
                    (allow ??= []).AddRange(named);
                    continue;
                case AuthorizationAction.Deny:
                    deny.AddRange(named);
                    break;
                case AuthorizationAction.Audit:
                    audit.AddRange(named);
                    break;
            }
            switch (service.DefaultAuthorization)
            {
                case DefaultAuthorization.DenyAll:
                    // An ALLOW filter with no policy of this service: Istio's "allow-nothing".
                    allow ??= [];
                    break;
                case DefaultAuthorization.AllowSameNamespace:
                    (allow ??= []).Add(new NamedRule(
                        $"default/{service.Namespace}/{service.Name}/same-namespace",
                        new AuthorizationRule { From = [new AuthorizationSource { Namespace = service.Namespace }] },
                        service.Namespace,
                        trustDomain));
                    break;
            }
        }
        return new AuthorizationPlan { Deny = deny, Allow = allow, Audit = audit };
    }
}
