namespace Mesh.Operator.Certificates;

/// <summary>The decision about the root CA Secret, with a reason constant and a sentence for humans.</summary>
public sealed record RootCaPlan
{
    /// <summary>The action to take.</summary>
    public required RootCaAction Action { get; init; }

    /// <summary>UpperCamelCase reason, e.g. <c>NotFound</c>, <c>Malformed</c>, <c>Expiring</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>Why, as a sentence.</summary>
    public required string Message { get; init; }
}
