using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Faults injected by the client-side proxy into a share of a route's requests.</summary>
[CelRule("has(self.delay) || has(self.abort)", "a fault needs a delay, an abort or both", Name = "fault-not-empty")]
public sealed record FaultInjection
{
    /// <summary>Delay a share of requests. Default: none.</summary>
    [JsonPropertyName("delay")]
    public FaultDelay? Delay { get; init; }

    /// <summary>Answer a share of requests with an error instead of forwarding them. Default: none.</summary>
    [JsonPropertyName("abort")]
    public FaultAbort? Abort { get; init; }
}
