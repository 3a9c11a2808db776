using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>The effect of matching authorization rules.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthorizationAction>))]
public enum AuthorizationAction
{
    /// <summary>Allow matching requests; refuse the others (403). The default.</summary>
    Allow,

    /// <summary>Refuse matching requests (403); the others are decided by the default authorization.</summary>
    Deny,

    /// <summary>Log what Deny would refuse; refuse nothing. For rolling out a Deny safely.</summary>
    Audit,
}
