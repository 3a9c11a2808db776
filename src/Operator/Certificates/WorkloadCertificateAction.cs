namespace Mesh.Operator.Certificates;

/// <summary>What the reconciler must do with one workload certificate Secret.</summary>
public enum WorkloadCertificateAction
{
    /// <summary>Valid, current and trusted: leave it alone.</summary>
    Keep,

    /// <summary>Issue a new key and certificate (missing, malformed, expiring, changed identity/duration, untrusted issuer).</summary>
    Issue,

    /// <summary>The certificate is fine but <c>ca.crt</c> differs from the current trust bundle: rewrite only that key.</summary>
    UpdateTrustBundle,
}
