namespace Mesh.Operator.Certificates;

/// <summary>Settings of the built-in certificate authority (operator configuration, not MeshPolicy spec).</summary>
public sealed record BuiltInCaOptions
{
    /// <summary>Namespace of the operator, where the root CA Secret lives. Default <c>mesh-system</c>.</summary>
    public string OperatorNamespace { get; init; } = "mesh-system";

    /// <summary>Name of the root CA Secret. Default <c>mesh-root-ca</c>.</summary>
    public string RootSecretName { get; init; } = CertificateNames.RootSecretName;

    /// <summary>Lifetime of a root certificate. Default 365 days.</summary>
    public TimeSpan RootValidity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How long before the signing root expires a successor is staged into the trust bundle. Default 30 days.
    /// It must exceed the longest workload certificate lifetime plus <see cref="RootActivationDelay"/>,
    /// so that every leaf signed by the old root expires while the old root is still trusted.
    /// </summary>
    public TimeSpan RootRotateBefore { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a staged root sits in the trust bundle before it signs anything. Default 1 hour: kubelet propagates
    /// Secret updates to mounted volumes within about a minute, so every peer trusts the new root before it sees a leaf signed by it.
    /// </summary>
    public TimeSpan RootActivationDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Path length constraint of the root. Default 0: the root signs workload leaves directly.</summary>
    public int RootPathLength { get; init; }

    /// <summary>Workload certificate lifetime when the policy does not name one. Default 24 hours.</summary>
    public TimeSpan DefaultWorkloadDuration { get; init; } = TimeSpan.FromHours(24);
}
