namespace Mesh.Operator.Entities;

/// <summary>The condition types of a MeshPolicy status. Ready is True exactly when all the others are.</summary>
public static class ConditionTypes
{
    /// <summary>The spec is valid and the policy governs its Services (no conflict with an older policy).</summary>
    public const string Accepted = "Accepted";

    /// <summary>Every selected service account has a valid workload certificate.</summary>
    public const string CertificatesReady = "CertificatesReady";

    /// <summary>Every selected pod runs the current sidecar template.</summary>
    public const string WorkloadsReady = "WorkloadsReady";

    /// <summary>The generated NetworkPolicies are applied (or not wanted).</summary>
    public const string NetworkPoliciesReady = "NetworkPoliciesReady";

    /// <summary>Every connected proxy ACKed the configuration of the observed generation.</summary>
    public const string Programmed = "Programmed";

    /// <summary>The summary: all other conditions are True.</summary>
    public const string Ready = "Ready";

    /// <summary>All types, in the order they are reported.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Accepted, CertificatesReady, WorkloadsReady, NetworkPoliciesReady, Programmed, Ready];
}
