using Mesh.Operator.Entities;

namespace Mesh.Operator.Status;

/// <summary>What the proxies say about one policy's generation: the Programmed condition and the status counts.</summary>
public sealed record ProgrammedState
{
    public required string Status { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    public ProxiesStatus Proxies { get; init; } = new();

    public ProxyRejection? LastRejection { get; init; }

    /// <summary>True while some proxy has not answered yet: the status is worth re-reading soon.</summary>
    public bool Pending { get; init; }
}
