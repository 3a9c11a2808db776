using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>One rule: any listed source, calling any listed operation.</summary>
public sealed record AuthorizationRule
{
    /// <summary>The callers; any of them matches. Default (absent or empty): any caller.</summary>
    [JsonPropertyName("from")]
    [Length(Max = 64)]
    public IList<AuthorizationSource>? From { get; init; }

    /// <summary>The operations; any of them matches. Default (absent or empty): any operation.</summary>
    [JsonPropertyName("to")]
    [Length(Max = 64)]
    public IList<AuthorizationOperation>? To { get; init; }
}
