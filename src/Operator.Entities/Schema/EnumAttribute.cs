namespace Mesh.Operator.Entities.Schema;

/// <summary>Restricts a string (or the items of a string list) to these values in the CRD schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EnumAttribute(params string[] values) : Attribute
{
    /// <summary>The allowed values, in the order the schema lists them.</summary>
    public IReadOnlyList<string> Values { get; } = values;
}
