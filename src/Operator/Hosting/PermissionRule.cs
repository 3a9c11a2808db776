namespace Mesh.Operator.Hosting;

/// <summary>One RBAC rule the operator needs, and the call in its code that needs it.</summary>
public sealed record PermissionRule
{
    /// <summary>API group; empty for the core group.</summary>
    public required string Group { get; init; }

    /// <summary>Resource plural, with <c>/subresource</c> when the rule is for a subresource (<c>meshpolicies/status</c>).</summary>
    public required string Resource { get; init; }

    /// <summary>RBAC verbs: get, list, watch, create, update, patch, delete.</summary>
    public required IReadOnlyList<string> Verbs { get; init; }

    /// <summary>Limits the rule to these object names; empty means any name.</summary>
    public IReadOnlyList<string> ResourceNames { get; init; } = [];

    /// <summary>Which code makes the call, so that a reviewer can check the rule is still needed.</summary>
    public required string Why { get; init; }
}
