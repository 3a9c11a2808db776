namespace Mesh.Operator.Entities;

/// <summary>What a condition reason says about a MeshPolicy's health, as GitOps tools (Argo CD) report it.</summary>
public enum ReasonHealth
{
    /// <summary>A True reason: nothing to wait for.</summary>
    Healthy,

    /// <summary>Work in progress that needs no one: issuance pending, proxies not answered yet, a rollout.</summary>
    Progressing,

    /// <summary>Needs a person: an invalid spec, a conflict, a failed issuance, a rejected config, a failed write.</summary>
    Degraded,

    /// <summary>One of Ready's own reasons: it only names the first condition that is not True, so it decides nothing.</summary>
    Summary,
}
