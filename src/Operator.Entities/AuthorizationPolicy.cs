using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Who may call a Service, enforced by its server-side proxies on the caller's mTLS identity.</summary>
public sealed record AuthorizationPolicy
{
    /// <summary>What a matching request gets. Default: <see cref="AuthorizationAction.Allow"/>.</summary>
    [JsonPropertyName("action")]
    public AuthorizationAction? Action { get; init; }

    /// <summary>The rules; a request matches when any rule matches. Required (may be empty: matches nothing).</summary>
    [JsonPropertyName("rules")]
    [Length(Max = 64)]
    public required IList<AuthorizationRule> Rules { get; init; }
}
