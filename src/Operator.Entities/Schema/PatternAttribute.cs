namespace Mesh.Operator.Entities.Schema;

/// <summary>An ECMA-262 regular expression that a string (or the items of a string list) must match in the CRD schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string pattern) : Attribute
{
    /// <summary>The pattern, anchored by the author where needed.</summary>
    public string Pattern { get; } = pattern;
}
