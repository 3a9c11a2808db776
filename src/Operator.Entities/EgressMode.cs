using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>Whether meshed pods may reach unlisted external destinations.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EgressMode>))]
public enum EgressMode
{
    /// <summary>Any destination is reachable (passed through). The default.</summary>
    AllowAny,

    /// <summary>Only Services of the cluster and <see cref="EgressSpec.Hosts"/> are reachable.</summary>
    RegistryOnly,
}
