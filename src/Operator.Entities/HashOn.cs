using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>The request property hashed by consistent hashing: exactly one of header, cookie or sourceIP.</summary>
[CelRule("[has(self.header), has(self.cookie), has(self.sourceIP) && self.sourceIP].filter(x, x).size() == 1",
    "hashOn needs exactly one of header, cookie or sourceIP: true",
    Name = "hash-on-one-kind")]
public sealed record HashOn
{
    /// <summary>Hash the value of this request header.</summary>
    [JsonPropertyName("header")]
    [Length(Min = 1, Max = 256)]
    [Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    public string? Header { get; init; }

    /// <summary>Hash the value of this cookie (the cookie must be set by the application).</summary>
    [JsonPropertyName("cookie")]
    [Length(Min = 1, Max = 256)]
    public string? Cookie { get; init; }

    /// <summary>true: hash the client's source IP address.</summary>
    [JsonPropertyName("sourceIP")]
    public bool? SourceIP { get; init; }
}
