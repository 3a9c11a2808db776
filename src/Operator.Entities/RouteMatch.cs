using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Conditions on a request; all given ones must hold. Empty matches every request.</summary>
public sealed record RouteMatch
{
    /// <summary>Header conditions, all of which must hold. Default: none.</summary>
    [JsonPropertyName("headers")]
    [Length(Max = 16)]
    public IList<HeaderMatch>? Headers { get; init; }

    /// <summary>The path condition (matched after normalization). Default: any path.</summary>
    [JsonPropertyName("path")]
    public PathMatch? Path { get; init; }

    /// <summary>Allowed request methods. Default: any method.</summary>
    [JsonPropertyName("methods")]
    [Length(Max = 9)]
    public IList<RequestMethod>? Methods { get; init; }
}
