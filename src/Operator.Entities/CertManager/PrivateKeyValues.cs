namespace Mesh.Operator.Entities.CertManager;

/// <summary>Values of <see cref="CertificatePrivateKey"/> fields.</summary>
public static class PrivateKeyValues
{
    /// <summary>Algorithm RSA.</summary>
    public const string Rsa = "RSA";

    /// <summary>Algorithm ECDSA.</summary>
    public const string Ecdsa = "ECDSA";

    /// <summary>Algorithm Ed25519.</summary>
    public const string Ed25519 = "Ed25519";

    /// <summary>Encoding PKCS1.</summary>
    public const string Pkcs1 = "PKCS1";

    /// <summary>Encoding PKCS8.</summary>
    public const string Pkcs8 = "PKCS8";

    /// <summary>Rotation policy: keep the key across renewals.</summary>
    public const string RotateNever = "Never";

    /// <summary>Rotation policy: a new key on every issuance.</summary>
    public const string RotateAlways = "Always";
}
