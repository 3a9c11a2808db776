using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Capture;

/// <summary>What <c>mesh-operator capture</c> was asked to install (the flags in <see cref="SidecarContract.CaptureFlags"/>).</summary>
internal sealed record CaptureOptions
{
    /// <summary>The proxy's UID: its own connections are never captured (else they would loop back into it).</summary>
    public long ProxyUid { get; init; } = SidecarContract.ProxyUid;

    /// <summary>The proxy's GID, matched like the UID (Istio checks both, so a proxy run under another UID but the same group still passes).</summary>
    public long ProxyGid { get; init; } = SidecarContract.ProxyGid;

    /// <summary>Where inbound TCP is redirected (the proxy's <c>virtualInbound</c>).</summary>
    public int InboundPort { get; init; } = SidecarContract.InboundCapturePort;

    /// <summary>Where outbound TCP is redirected (the proxy's <c>virtualOutbound</c>).</summary>
    public int OutboundPort { get; init; } = SidecarContract.OutboundCapturePort;

    /// <summary>Inbound ports to capture: null means every port (<c>*</c>), empty means none.</summary>
    public IReadOnlyList<int>? IncludeInboundPorts { get; init; }

    /// <summary>Inbound ports never captured, besides <see cref="SidecarContract.ReservedPorts"/> (always excluded).</summary>
    public IReadOnlyList<int> ExcludeInboundPorts { get; init; } = [];

    /// <summary>Outbound destination ports never captured.</summary>
    public IReadOnlyList<int> ExcludeOutboundPorts { get; init; } = [];

    /// <summary>Outbound destination CIDRs to capture (normalised, IPv4): null means every address (<c>*</c>), empty means none.</summary>
    public IReadOnlyList<string>? IncludeOutboundIpRanges { get; init; }

    /// <summary>Outbound destination CIDRs never captured (normalised, IPv4).</summary>
    public IReadOnlyList<string> ExcludeOutboundIpRanges { get; init; } = [];

    /// <summary>Print the rules instead of installing them.</summary>
    public bool DryRun { get; init; }
}
