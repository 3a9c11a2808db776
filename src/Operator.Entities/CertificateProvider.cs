using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>Who signs workload certificates.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CertificateProvider>))]
public enum CertificateProvider
{
    /// <summary>The operator's own CA (root in a Secret in the operator's namespace). The default.</summary>
    BuiltIn,

    /// <summary>cert-manager Certificates signed by <see cref="CertificatesSpec.IssuerRef"/>.</summary>
    CertManager,
}
