using Mesh.Operator.Planning;

namespace Mesh.Operator.WhatIf;

/// <summary>What applying proposed MeshPolicies would do: each one's plan (its problems) and the change to the served config.</summary>
public sealed record WhatIfOutcome
{
    /// <summary>The plan of each proposed policy against the state after applying them all, in the order given.</summary>
    public required IReadOnlyList<MeshPlan> Plans { get; init; }

    /// <summary>The config change; empty when a proposed policy is refused (the operator would keep serving what it serves).</summary>
    public required WhatIfReport Report { get; init; }

    /// <summary>True when every proposed policy is accepted by the planner.</summary>
    public bool IsAccepted => Plans.All(p => p.IsAccepted);
}
