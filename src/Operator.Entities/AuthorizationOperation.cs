using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>What a caller does: all given conditions must hold; an empty operation matches every request.</summary>
public sealed record AuthorizationOperation
{
    /// <summary>Request methods. Default: any method.</summary>
    [JsonPropertyName("methods")]
    [Length(Max = 9)]
    public IList<RequestMethod>? Methods { get; init; }

    /// <summary>
    /// Normalized request paths: exact (<c>/a/b</c>), a segment prefix ending in <c>/*</c> (<c>/reviews/*</c> matches
    /// <c>/reviews</c> and everything under <c>/reviews/</c>, never <c>/reviewsx</c>) or <c>*</c>. Matched without query
    /// or fragment after resolving dot segments and merging slashes; encoded slashes (%2F, %5C) are refused with 400.
    /// For gRPC the path is <c>/package.Service/Method</c>. Default: any path.
    /// </summary>
    [JsonPropertyName("paths")]
    [Length(Max = 64, ItemMax = 1024)]
    [Pattern("^(\\*|/[^*?#]*(/\\*)?)$")]
    public IList<string>? Paths { get; init; }

    /// <summary>Destination ports (the pod's target ports). Default: any port.</summary>
    [JsonPropertyName("ports")]
    [Length(Max = 64)]
    [Minimum(1), Maximum(65535)]
    public IList<int>? Ports { get; init; }
}
