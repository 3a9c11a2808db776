namespace Mesh.Operator.Certificates;

/// <summary>The SPIFFE identity of a workload: <c>spiffe://&lt;trustDomain&gt;/ns/&lt;namespace&gt;/sa/&lt;serviceAccount&gt;</c> (Istio's layout).</summary>
public static class SpiffeId
{
    public static string For(string trustDomain, string @namespace, string serviceAccount)
    {
        ArgumentException.ThrowIfNullOrEmpty(trustDomain);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccount);
        // SPIFFE trust domains are lowercase (SPIFFE-ID spec, section 2.1); Kubernetes names already are.
        return $"spiffe://{trustDomain.ToLowerInvariant()}/ns/{@namespace}/sa/{serviceAccount}";
    }
}
