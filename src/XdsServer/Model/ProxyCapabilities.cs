namespace Mesh.XdsServer.Model;

/// <summary>
/// Which xDS field forms one proxy's implementation understands, where implementations differ. Part of the
/// <see cref="ProxyScope"/> (and so of every translation and snapshot key): two clients that understand different
/// forms never share resources. Resolved from the node's user agent by <see cref="ProxyCapabilityTable"/>, which
/// names the source of each entry. Only the feature flags take part in equality.
/// </summary>
public sealed record ProxyCapabilities
{
    /// <summary>Envoy, and every gRPC release the table knows to have caught up: every field form we emit.</summary>
    public static readonly ProxyCapabilities Full = new();

    /// <summary>A client the table does not know: only the forms every gRPC xDS implementation has understood since
    /// gRFC A28 (the deprecated HeaderMatcher fields, which gRFC A63 keeps supported).</summary>
    public static readonly ProxyCapabilities Legacy = new() { HeaderStringMatch = false, RbacHeaderStringMatch = false };

    /// <summary>
    /// Route matches may use HeaderMatcher.string_match (gRFC A63). Without it the route's header matchers use the
    /// deprecated exact_match, prefix_match, safe_regex_match and present_match: gRPC C-core before A63 NACKs the
    /// whole RouteConfiguration ("Invalid route header matcher specified"). Default true.
    /// </summary>
    public bool HeaderStringMatch { get; init; } = true;

    /// <summary>
    /// RBAC header principals and permissions (the <c>:method</c> matcher) may use HeaderMatcher.string_match. C-core
    /// took it in its RBAC filter later than in routes (grpc/grpc#38185). Default true.
    /// </summary>
    public bool RbacHeaderStringMatch { get; init; } = true;

    /// <summary>A short stable name of the flags, for cache keys and logs (<c>full</c> when every form is understood).</summary>
    public string Key
    {
        get
        {
            var missing = new List<string>(2);
            if (!HeaderStringMatch)
            {
                missing.Add("no-header-string-match");
            }

            if (!RbacHeaderStringMatch)
            {
                missing.Add("no-rbac-header-string-match");
            }

            return missing.Count == 0 ? "full" : string.Join('+', missing);
        }
    }
}
