namespace Mesh.Operator.Certificates;

/// <summary>Names shared by the CA, the cert-manager provider and the reconciler: Secret keys, labels, annotations.</summary>
public static class CertificateNames
{
    public const string RootSecretName = "mesh-root-ca";
    public const string WorkloadSecretPrefix = "mesh-workload-";

    public const string TlsSecretType = "kubernetes.io/tls";
    public const string TlsCrt = "tls.crt";
    public const string TlsKey = "tls.key";
    public const string CaCrt = "ca.crt";

    /// <summary>The staged successor root, present in the root Secret between rotation and activation.</summary>
    public const string NextCrt = "next.crt";
    public const string NextKey = "next.key";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "mesh-operator";
    public const string PolicyLabel = "mesh.dev/policy";
    public const string ComponentLabel = "app.kubernetes.io/component";

    public const string SpiffeIdAnnotation = "mesh.dev/spiffe-id";
    public const string NotAfterAnnotation = "mesh.dev/not-after";
    public const string IssuerFingerprintAnnotation = "mesh.dev/issuer-sha256";
    public const string RootFingerprintAnnotation = "mesh.dev/root-sha256";
}
