namespace Mesh.Operator.Entities.Schema;

/// <summary>
/// Bounds the length of a string, the item count of a list or the key count of a map in the CRD schema.
/// The API server needs these bounds to estimate the cost of CEL rules; keep them on every list a rule walks.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LengthAttribute : Attribute
{
    /// <summary>The minimum length or count; -1 when unbounded.</summary>
    public int Min { get; init; } = -1;

    /// <summary>The maximum length or count; -1 when unbounded.</summary>
    public int Max { get; init; } = -1;

    /// <summary>For a list of strings: the maximum length of each item; -1 when unbounded.</summary>
    public int ItemMax { get; init; } = -1;
}
