namespace Mesh.Operator.Entities.Schema;

/// <summary>The inclusive lower bound of a number (or of the items of a number list) in the CRD schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(double value) : Attribute
{
    /// <summary>The inclusive lower bound.</summary>
    public double Value { get; } = value;
}
