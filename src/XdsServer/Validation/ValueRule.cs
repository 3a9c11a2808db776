namespace Mesh.XdsServer.Validation;

/// <summary>One compiled rule set for a single (non-null) value: a string, a number, a duration, an Any...</summary>
internal abstract class ValueRule
{
    public abstract void Check(object value, ValidationContext context);
}
