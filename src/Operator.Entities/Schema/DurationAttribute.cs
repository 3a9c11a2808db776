namespace Mesh.Operator.Entities.Schema;

/// <summary>
/// A Go duration string (<c>500ms</c>, <c>1m30s</c>, <c>24h</c>). The CRD gets a pattern and a CEL <c>duration(self)</c>
/// rule rather than <c>format: duration</c>: that OpenAPI format also admits forms Go cannot parse (<c>3d</c>) and changes
/// the CEL type of the field, which would make <c>duration(self.x)</c> in other rules ambiguous.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DurationAttribute : Attribute
{
    /// <summary>Whether <c>0s</c> is allowed (it means "none" where allowed).</summary>
    public bool AllowZero { get; init; }
}
