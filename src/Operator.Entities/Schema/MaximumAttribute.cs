namespace Mesh.Operator.Entities.Schema;

/// <summary>The inclusive upper bound of a number (or of the items of a number list) in the CRD schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaximumAttribute(double value) : Attribute
{
    /// <summary>The inclusive upper bound.</summary>
    public double Value { get; } = value;
}
