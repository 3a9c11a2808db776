namespace Mesh.Operator.Certificates;

/// <summary>The certificate one ServiceAccount of a selected workload must hold.</summary>
public sealed record WorkloadCertificateRequest
{
    /// <summary>Name of the MeshPolicy that wants it (the <c>mesh.dev/policy</c> label).</summary>
    public required string PolicyName { get; init; }

    /// <summary>Namespace of the workload and of its Secret.</summary>
    public required string Namespace { get; init; }

    /// <summary>ServiceAccount whose identity the certificate carries.</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>SPIFFE trust domain (spec.mtls.trustDomain). Default <c>cluster.local</c>.</summary>
    public string TrustDomain { get; init; } = "cluster.local";

    /// <summary>Lifetime (spec.mtls.certificates.duration). Default 24 hours.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Renew this long before expiry (spec.mtls.certificates.renewBefore); null means half the lifetime.</summary>
    public TimeSpan? RenewBefore { get; init; }

    /// <summary>The identity in the single URI SAN.</summary>
    public string SpiffeId => global::Mesh.Operator.Certificates.SpiffeId.For(TrustDomain, Namespace, ServiceAccount);

    /// <summary>The Secret's name, the same for both providers so the sidecar mount never changes.</summary>
    public string SecretName => WorkloadSecretNames.For(ServiceAccount);

    /// <summary>
    /// The renewal margin actually used: half the lifetime when unset or out of range (a margin at or beyond the
    /// lifetime would renew on every reconcile; the planner reports such a spec as invalid).
    /// </summary>
    public TimeSpan EffectiveRenewBefore =>
        RenewBefore is { } r && r > TimeSpan.Zero && r < Duration ? r : Duration / 2;
}
