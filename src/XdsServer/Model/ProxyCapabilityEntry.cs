namespace Mesh.XdsServer.Model;

/// <summary>
/// One row of <see cref="ProxyCapabilityTable"/>: from which version of one client implementation a field form is
/// understood, and where that is written down.
/// </summary>
public sealed record ProxyCapabilityEntry
{
    /// <summary>The implementation, as a reader knows it (e.g. <c>grpc-js-xds</c>, <c>gRPC C-core</c>).</summary>
    public required string Client { get; init; }

    /// <summary>The feature, named after its <see cref="ProxyCapabilities"/> property.</summary>
    public required string Feature { get; init; }

    /// <summary>The first version (as the client reports it, see <see cref="ProxyCapabilityTable"/>) that has it.</summary>
    public required Version Since { get; init; }

    /// <summary>Where this comes from: the gRFC, the pull request and release that brought it, and how the version was chosen.</summary>
    public required string Source { get; init; }
}
