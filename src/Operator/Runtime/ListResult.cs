namespace Mesh.Operator.Runtime;

/// <summary>A full list of a kind and the resourceVersion to start watching from.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, string ResourceVersion);
