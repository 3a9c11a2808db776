using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>The protocol of one Service port.</summary>
public sealed record ServicePortPolicy
{
    /// <summary>The Service port number. Required.</summary>
    [JsonPropertyName("port")]
    [Minimum(1), Maximum(65535)]
    public required int Port { get; init; }

    /// <summary>The application protocol. Default: from the Service port's appProtocol, else TCP (reported on the status).</summary>
    [JsonPropertyName("protocol")]
    public AppProtocol? Protocol { get; init; }
}
