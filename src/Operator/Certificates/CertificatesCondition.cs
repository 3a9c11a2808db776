namespace Mesh.Operator.Certificates;

/// <summary>The CertificatesReady condition before the status writer stamps time and generation on it.</summary>
public sealed record CertificatesCondition
{
    /// <summary>True, False or Unknown.</summary>
    public required string Status { get; init; }

    /// <summary>UpperCamelCase reason.</summary>
    public required string Reason { get; init; }

    /// <summary>A sentence for <c>kubectl describe</c>.</summary>
    public required string Message { get; init; }
}
