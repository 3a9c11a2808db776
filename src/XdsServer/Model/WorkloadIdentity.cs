namespace Mesh.XdsServer.Model;

/// <summary>A workload identity: one service account of one namespace.</summary>
public sealed record WorkloadIdentity
{
    /// <summary>Namespace (required).</summary>
    public required string Namespace { get; init; }

    /// <summary>Service account (required).</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>The SPIFFE ID <c>spiffe://&lt;trustDomain&gt;/ns/&lt;ns&gt;/sa/&lt;sa&gt;</c>.</summary>
    public string SpiffeId(string trustDomain) => $"spiffe://{trustDomain}/ns/{Namespace}/sa/{ServiceAccount}";
}
