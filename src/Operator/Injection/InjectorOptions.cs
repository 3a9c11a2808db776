using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>Operator configuration of the injector (not MeshPolicy spec).</summary>
public sealed record InjectorOptions
{
    /// <summary>The proxy image when a policy names none (<c>spec.workloads.sidecar.image</c> empty).</summary>
    public string DefaultProxyImage { get; init; } = SidecarContract.DefaultProxyImage;

    /// <summary>The image of the capture init container: the operator's own, whose <c>mesh-operator capture</c> writes the rules.</summary>
    public string OperatorImage { get; init; } = SidecarContract.DefaultOperatorImage;
}
