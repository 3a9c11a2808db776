namespace Mesh.Operator.Entities.Schema;

/// <summary>
/// A CEL <c>x-kubernetes-validations</c> rule. On a type the rule sees the object as <c>self</c>; on a property, the
/// property's value. Only functions of the Kubernetes CEL environment may be used.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    /// <summary>The CEL expression; true means valid.</summary>
    public string Rule { get; } = rule;

    /// <summary>The message shown when the rule fails: names the field and the fix.</summary>
    public string Message { get; } = message;

    /// <summary>A relative JSON path (for example <c>.weight</c>) the error is reported at; null reports at the rule's node.</summary>
    public string? FieldPath { get; init; }

    /// <summary>The error reason (<c>FieldValueInvalid</c>, <c>FieldValueForbidden</c>, <c>FieldValueRequired</c>, <c>FieldValueDuplicate</c>); null for the default.</summary>
    public string? Reason { get; init; }

    /// <summary>A short stable name used by tests and docs to refer to this rule.</summary>
    public string? Name { get; init; }
}
