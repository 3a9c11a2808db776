namespace Mesh.Operator.Entities.Schema;

/// <summary>Marks a list as <c>x-kubernetes-list-type: map</c> keyed by these fields, so server-side apply merges items by key.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    /// <summary>The key fields (JSON names) that identify an item.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}
