using Mesh.Operator.Planning;
using Mesh.XdsServer.Model;

namespace Mesh.Operator.WhatIf;

/// <summary>The mesh model the operator would serve for some cluster state, and the plan of every policy in it.</summary>
public sealed record PlannedMesh
{
    /// <summary>The merged model of every accepted plan (refused plans contribute nothing, as the publisher gates them).</summary>
    public required MeshModel Model { get; init; }

    /// <summary>Every policy's plan, keyed <c>namespace/name</c>.</summary>
    public required IReadOnlyDictionary<string, MeshPlan> Plans { get; init; }
}
