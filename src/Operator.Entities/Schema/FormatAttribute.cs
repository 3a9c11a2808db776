namespace Mesh.Operator.Entities.Schema;

/// <summary>An OpenAPI format the API server checks (for example <c>duration</c>, <c>date-time</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormatAttribute(string format) : Attribute
{
    /// <summary>The format name.</summary>
    public string Format { get; } = format;
}
