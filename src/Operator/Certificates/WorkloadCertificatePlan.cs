namespace Mesh.Operator.Certificates;

/// <summary>The decision about one workload certificate Secret.</summary>
public sealed record WorkloadCertificatePlan
{
    /// <summary>The action to take.</summary>
    public required WorkloadCertificateAction Action { get; init; }

    /// <summary>UpperCamelCase reason: NotFound, Malformed, IdentityChanged, DurationChanged, IssuerUntrusted, Renewing, BundleChanged, Valid.</summary>
    public required string Reason { get; init; }

    /// <summary>Why, as a sentence naming the Secret.</summary>
    public required string Message { get; init; }

    /// <summary>When the certificate kept must be looked at again (its renewal time); null when it is being replaced.</summary>
    public DateTimeOffset? RenewAt { get; init; }
}
