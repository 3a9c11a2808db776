using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>How sidecars treat inbound plaintext.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MtlsMode>))]
public enum MtlsMode
{
    /// <summary>Accept mTLS and plaintext; meshed clients always send mTLS. The default: safe while a namespace migrates.</summary>
    Permissive,

    /// <summary>Refuse plaintext. Switching from Permissive never drops traffic between meshed workloads.</summary>
    Strict,

    /// <summary>No mTLS: sidecars talk plaintext and no certificates are issued.</summary>
    Disabled,
}
