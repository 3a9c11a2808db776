namespace Mesh.Operator.Entities.Schema;

/// <summary>Marks a string property (or the values of a string map) that Kubernetes also accepts as an integer (quantities, ports by name).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IntOrStringAttribute : Attribute;
