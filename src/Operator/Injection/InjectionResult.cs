using System.Text.Json.Nodes;

namespace Mesh.Operator.Injection;

/// <summary>The injector's answer for one pod: an RFC 6902 patch (empty unless injected) and warnings for the user.</summary>
public sealed record InjectionResult
{
    public required InjectionOutcome Outcome { get; init; }

    /// <summary>JSON Patch operations against the pod as it was sent; empty when nothing changes.</summary>
    public JsonArray Patch { get; init; } = [];

    /// <summary>Sentences for <c>kubectl</c> (each becomes a <c>Warning:</c> line).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The governing policy's name, when one selects the pod.</summary>
    public string? PolicyName { get; init; }

    /// <summary>The template injected (or that would have been), when a policy selects the pod.</summary>
    public SidecarTemplate? Template { get; init; }
}
