namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>A stored ValidatingAdmissionPolicyBinding.</summary>
internal sealed record PolicyBinding
{
    public required string Name { get; init; }

    public required string PolicyName { get; init; }

    /// <summary>Deny, Warn and/or Audit.</summary>
    public IReadOnlyList<string> ValidationActions { get; init; } = [];

    /// <summary>Narrows the policy's own match; null: the policy's match alone.</summary>
    public PolicyMatch? MatchResources { get; init; }
}
