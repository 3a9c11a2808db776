namespace Mesh.Operator.Entities.Schema;

/// <summary>
/// A default the API server writes into stored objects. Use it only where that write cannot cause GitOps drift;
/// documented defaults are otherwise resolved in code (<see cref="MeshPolicyDefaults"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaDefaultAttribute(object value) : Attribute
{
    /// <summary>The default value, rendered as YAML.</summary>
    public object Value { get; } = value;
}
