using Mesh.XdsServer.Status;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Turns a proxy's NACK into the MeshPolicy field a user should look at: the rejected resource (named by the stream,
/// or found in the error text) gives the service or route it came from, and what the error complains about narrows it
/// to the setting, e.g. <c>spec.services[0].loadBalancing</c>. Pure.
/// </summary>
public static class RejectedFieldResolver
{
    // Words proxies use for the xDS field they refused (Envoy and gRPC spell them as the proto does), and where they come
    // from in a service or route. The first match wins.
    private static readonly (string ErrorMentions, string Suffix, bool Absolute)[] Settings =
    [
        ("UpstreamTlsContext", "spec.mtls", true),
        ("transport_socket", "spec.mtls", true),
        ("lb_policy", ".loadBalancing", false),
        ("load_balancing_policy", ".loadBalancing", false),
        ("ring_hash_lb_config", ".loadBalancing", false),
        ("outlier_detection", ".outlierDetection", false),
        ("circuit_breakers", ".circuitBreaker", false),
        ("retry_policy", ".retries", false),
        ("typed_per_filter_config", ".fault", false),
        ("request_mirror_policies", ".mirror", false),
    ];

    public static string? Resolve(NackInfo nack, IReadOnlyDictionary<string, string> sourceFields)
    {
        ArgumentNullException.ThrowIfNull(nack);
        ArgumentNullException.ThrowIfNull(sourceFields);
        var origin = nack.RejectedResources
            .Select(name => sourceFields.TryGetValue(name, out var field) ? field : null)
            .FirstOrDefault(field => field is not null)
            ?? FieldNamedIn(nack.ErrorMessage, sourceFields);
        if (origin is null)
        {
            // Not a resource of this policy (e.g. the TLS of a cluster towards another policy's service): name nothing.
            return null;
        }
        var complaint = FirstComplaint(nack.ErrorMessage);
        foreach (var (mentions, suffix, absolute) in Settings)
        {
            if (complaint.Contains(mentions, StringComparison.Ordinal))
            {
                return absolute ? suffix : Refine(origin, suffix);
            }
        }
        return origin;
    }

    /// <summary>
    /// gRPC joins the errors of every rejected resource ("resource index 0: ...; resource index 3: ..."); the origin is
    /// the first resource, so only its own complaint may narrow it.
    /// </summary>
    private static string FirstComplaint(string error)
    {
        var first = error.IndexOf("resource index", StringComparison.Ordinal);
        if (first < 0)
        {
            return error;
        }
        var next = error.IndexOf("resource index", first + 1, StringComparison.Ordinal);
        return next < 0 ? error[first..] : error[first..next];
    }

    /// <summary>Envoy names the resource in its error: the longest known name it contains as a whole token.</summary>
    private static string? FieldNamedIn(string error, IReadOnlyDictionary<string, string> sourceFields) =>
        sourceFields.Where(pair => ResourceNameMatch.Contains(error, pair.Key))
            .OrderByDescending(pair => pair.Key.Length)
            .Select(pair => pair.Value)
            .FirstOrDefault();

    /// <summary>Route settings belong to a route; service settings to the service the route or subset is part of.</summary>
    private static string Refine(string origin, string suffix)
    {
        var routeAt = origin.IndexOf(".routes[", StringComparison.Ordinal);
        if (suffix is ".retries" or ".fault" or ".mirror")
        {
            return routeAt >= 0 ? origin + suffix : origin;
        }
        var subsetAt = origin.IndexOf(".subsets[", StringComparison.Ordinal);
        var serviceEnd = new[] { routeAt, subsetAt }.Where(i => i >= 0).DefaultIfEmpty(origin.Length).Min();
        return origin[..serviceEnd] + suffix;
    }
}
