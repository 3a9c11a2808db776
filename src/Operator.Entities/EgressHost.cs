using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>An external destination: a DNS name (optionally a leading wildcard label) and a port.</summary>
public sealed record EgressHost
{
    /// <summary>The host name, matched case-insensitively; <c>*.example.com</c> matches one or more labels. A wildcard host
    /// is matched on SNI (TLS) or Host (HTTP) and the connection goes to the address the application resolved (as Istio
    /// does for wildcard ServiceEntries); an exact name is resolved by the sidecar. Required.</summary>
    [JsonPropertyName("host")]
    [Length(Min = 1, Max = 253)]
    [Pattern("^(\\*\\.)?[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$")]
    public required string Host { get; init; }

    /// <summary>The port. Required.</summary>
    [JsonPropertyName("port")]
    [Minimum(1), Maximum(65535)]
    public required int Port { get; init; }

    /// <summary>The protocol; TLS is matched on SNI. Default: <see cref="EgressProtocol.TLS"/>.</summary>
    [JsonPropertyName("protocol")]
    public EgressProtocol? Protocol { get; init; }
}
