namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager condition types Mesh reads.</summary>
public static class CertManagerConditionTypes
{
    /// <summary>Certificate or issuer is ready.</summary>
    public const string Ready = "Ready";

    /// <summary>A Certificate is being issued or renewed.</summary>
    public const string Issuing = "Issuing";
}
