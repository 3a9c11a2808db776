namespace Mesh.XdsServer.Config;

/// <summary>The workload identity a stream's client certificate proved (from its SPIFFE URI SAN).</summary>
public sealed record NodeIdentity(string TrustDomain, string Namespace, string ServiceAccount)
{
    /// <summary>The SPIFFE id, <c>spiffe://&lt;td&gt;/ns/&lt;ns&gt;/sa/&lt;sa&gt;</c>.</summary>
    public override string ToString() => $"spiffe://{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    /// <summary>Parses a SPIFFE id of the Istio layout; null for anything else.</summary>
    public static NodeIdentity? TryParse(string? uri)
    {
        if (uri is null || !uri.StartsWith("spiffe://", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = uri["spiffe://".Length..].Split('/');
        return parts.Length == 5 && parts[0].Length > 0 && parts[1] == "ns" && parts[2].Length > 0 && parts[3] == "sa" && parts[4].Length > 0
            ? new NodeIdentity(parts[0], parts[2], parts[4])
            : null;
    }
}
