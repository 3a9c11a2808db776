using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>Whether NetworkPolicies are generated.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NetworkPolicyMode>))]
public enum NetworkPolicyMode
{
    /// <summary>Generate NetworkPolicies from authorization, plus probes, DNS and the xDS and CA ports. The default.</summary>
    Enforce,

    /// <summary>Generate none (and delete those generated before). Not named Off: YAML 1.1 parsers, kubectl's among them, read an unquoted Off as false.</summary>
    Disabled,
}
