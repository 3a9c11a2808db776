using Envoy.Config.Rbac.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Turns authorization rules into Envoy RBAC policies. Sources are mTLS identities matched on the peer certificate's
/// SPIFFE URI SAN (authenticated.principal_name): a plaintext caller matches no source. Paths are matched on
/// url_path (no query, no fragment) after the HCM normalized them. On TCP ports a rule's methods and paths cannot be
/// seen: as in Istio, an Allow operation that needs them never matches, and a Deny or Audit operation drops them (it
/// refuses more, never less).
/// </summary>
internal static class RbacPolicyBuilder
{
    /// <param name="headerStringMatch">False for gRPC servers whose RBAC filter predates HeaderMatcher.string_match
    /// (<see cref="ProxyCapabilities.RbacHeaderStringMatch"/>): the <c>:method</c> matcher then uses exact_match.</param>
    public static RBAC Rules(IEnumerable<AuthorizationPlan.NamedRule> rules, RBAC.Types.Action action, bool http, bool headerStringMatch = true)
    {
        var rbac = new RBAC { Action = action };
        foreach (var rule in rules)
        {
            if (Policy(rule, allow: action == RBAC.Types.Action.Allow, http, headerStringMatch) is { } policy)
            {
                rbac.Policies.Add(rule.Name, policy);
            }
        }
        return rbac;
    }

    private static Policy? Policy(AuthorizationPlan.NamedRule named, bool allow, bool http, bool headerStringMatch)
    {
        var rule = named.Rule;
        var permissions = rule.To.Count == 0
            ? [new Permission { Any = true }]
            : rule.To.Select(op => Operation(op, allow, http, headerStringMatch)).OfType<Permission>().ToList();
        if (permissions.Count == 0)
        {
            // Every operation needs HTTP attributes this TCP port cannot see: an Allow rule that can never match.
            return null;
        }
        var policy = new Policy();
        policy.Permissions.AddRange(permissions);
        if (rule.From.Count == 0)
        {
            policy.Principals.Add(new Principal { Any = true });
        }
        else
        {
            policy.Principals.AddRange(rule.From.Select(source => Source(source, named.Namespace, named.TrustDomain)));
        }
        return policy;
    }

    private static Permission? Operation(AuthorizationOperation operation, bool allow, bool http, bool headerStringMatch)
    {
        if (!http && allow && (operation.Methods.Count > 0 || operation.Paths.Count > 0))
        {
            return null;
        }
        var parts = new List<Permission>();
        if (http && operation.Methods.Count > 0)
        {
            parts.Add(Any(operation.Methods.Select(m => Method(m, headerStringMatch))));
        }
        if (http && operation.Paths.Count > 0)
        {
            parts.Add(Any(operation.Paths.SelectMany(PathPermissions)));
        }
        if (operation.Ports.Count > 0)
        {
            parts.Add(Any(operation.Ports.Select(p => new Permission { DestinationPort = (uint)p })));
        }
        return parts.Count switch
        {
            0 => new Permission { Any = true },
            1 => parts[0],
            _ => new Permission { AndRules = Set(parts) },
        };
    }

    private static Permission Method(string method, bool headerStringMatch) => new()
    {
#pragma warning disable CS0612 // exact_match is deprecated, and the only form such servers know.
        Header = headerStringMatch
            ? new HeaderMatcher { Name = ":method", StringMatch = new StringMatcher { Exact = method } }
            : new HeaderMatcher { Name = ":method", ExactMatch = method },
#pragma warning restore CS0612
    };

    /// <summary><c>*</c>: any path; <c>/a/*</c>: <c>/a</c> and everything under <c>/a/</c> (whole segments, never
    /// <c>/ab</c>); anything else: that exact path.</summary>
    internal static IEnumerable<Permission> PathPermissions(string path)
    {
        if (path == "*")
        {
            yield return new Permission { Any = true };
            yield break;
        }
        if (path.EndsWith("/*", StringComparison.Ordinal))
        {
            var segment = path[..^2];
            if (segment.Length > 0)
            {
                yield return UrlPath(new StringMatcher { Exact = segment });
            }
            yield return UrlPath(new StringMatcher { Prefix = segment + "/" });
            yield break;
        }
        yield return UrlPath(new StringMatcher { Exact = path });
    }

    private static Permission UrlPath(StringMatcher matcher) => new() { UrlPath = new PathMatcher { Path = matcher } };

    /// <summary>A service account (in its namespace, default the service's) or a whole namespace, as SPIFFE IDs.</summary>
    internal static Principal Source(AuthorizationSource source, string defaultNamespace, string trustDomain)
    {
        var ns = source.Namespace ?? defaultNamespace;
        var matcher = source.ServiceAccount is { } account
            ? new StringMatcher { Exact = new WorkloadIdentity { Namespace = ns, ServiceAccount = account }.SpiffeId(trustDomain) }
            : new StringMatcher { Prefix = $"spiffe://{trustDomain}/ns/{ns}/sa/" };
        return new Principal { Authenticated = new Principal.Types.Authenticated { PrincipalName = matcher } };
    }

    private static Permission Any(IEnumerable<Permission> permissions)
    {
        var list = permissions.ToList();
        return list.Count == 1 ? list[0] : new Permission { OrRules = Set(list) };
    }

    private static Permission.Types.Set Set(IEnumerable<Permission> rules)
    {
        var set = new Permission.Types.Set();
        set.Rules.AddRange(rules);
        return set;
    }
}
