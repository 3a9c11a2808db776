using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>The decision for a request that no authorization rule decides.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DefaultAuthorization>))]
public enum DefaultAuthorization
{
    /// <summary>Allow it. The default: safe while a namespace migrates.</summary>
    AllowAll,

    /// <summary>Refuse it.</summary>
    DenyAll,

    /// <summary>Allow callers from the policy's own namespace, refuse the rest.</summary>
    AllowSameNamespace,
}
