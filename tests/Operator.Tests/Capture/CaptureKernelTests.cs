using Mesh.Testing;
using Mesh.XdsServer.Contract;
using static Mesh.Operator.Tests.Capture.CaptureNetnsFixture;

namespace Mesh.Operator.Tests.Capture;

/// <summary>
/// <c>mesh-operator capture</c> on a real kernel: the rules it installs send an app's traffic where the proxy listens
/// and leave the proxy's own traffic, the excluded ports and localhost alone. Each listener answers with its name and
/// the connection's SO_ORIGINAL_DST, so every assertion reads "who answered, for which destination".
/// </summary>
public sealed class CaptureKernelTests(CaptureNetnsFixture net) : IClassFixture<CaptureNetnsFixture>
{
    private const string Needs = "the real-kernel capture tests need root to create network namespaces and iptables rules.";

    [RootFact(Needs)]
    public async Task An_apps_outbound_connection_lands_on_15001_with_its_original_destination()
    {
        (await net.ConnectAsync(net.Pod, PeerIp, 80)).Should().Be($"outbound {PeerIp}:80", net.CaptureOutput);
    }

    [RootFact(Needs)]
    public async Task An_inbound_connection_to_an_app_port_lands_on_15006_with_its_original_destination()
    {
        (await net.ConnectAsync(net.Peer, PodIp, 8080)).Should().Be($"inbound {PodIp}:8080", net.CaptureOutput);
    }

    [RootFact(Needs)]
    public async Task The_proxys_own_outbound_connection_is_not_captured()
    {
        (await net.ConnectAsync(net.Pod, PeerIp, 80, uid: SidecarContract.ProxyUid)).Should().StartWith("peer ", net.CaptureOutput);
    }

    [RootFact(Needs)]
    public async Task An_excluded_outbound_port_is_not_captured()
    {
        (await net.ConnectAsync(net.Pod, PeerIp, ExcludedOutboundPort)).Should().StartWith("peer-excluded ", net.CaptureOutput);
    }

    [RootFact(Needs)]
    public async Task An_excluded_inbound_port_and_the_proxys_health_port_are_not_captured()
    {
        (await net.ConnectAsync(net.Peer, PodIp, ExcludedInboundPort)).Should().StartWith("app-excluded ", net.CaptureOutput);
        (await net.ConnectAsync(net.Peer, PodIp, SidecarContract.HealthPort)).Should().StartWith("health ", net.CaptureOutput);
    }

    [RootFact(Needs)]
    public async Task The_proxy_reaching_its_own_pod_ip_through_loopback_goes_to_inbound()
    {
        // Istio's loopback rule: the outbound proxy sending to its own pod is inbound traffic for the same proxy.
        (await net.ConnectAsync(net.Pod, PodIp, 8080, uid: SidecarContract.ProxyUid)).Should().Be($"inbound {PodIp}:8080", net.CaptureOutput);
    }

    [RootFact(Needs)]
    public async Task The_app_reaching_itself_directly_or_on_localhost_is_not_captured()
    {
        (await net.ConnectAsync(net.Pod, PodIp, 8080)).Should().StartWith("app ", net.CaptureOutput);
        (await net.ConnectAsync(net.Pod, "127.0.0.1", 8080)).Should().StartWith("app ", net.CaptureOutput);
    }

    [RootFact(Needs)]
    public void Running_capture_twice_leaves_one_set_of_rules()
    {
        var lines = net.InstalledNat.Split('\n').Select(l => l.Trim()).ToList();

        lines.Count(l => l == "-A PREROUTING -p tcp -j MESH_INBOUND").Should().Be(1, net.InstalledNat);
        lines.Count(l => l == "-A OUTPUT -p tcp -j MESH_OUTPUT").Should().Be(1, net.InstalledNat);
        lines.Count(l => l.StartsWith("-A MESH_OUTPUT -j MESH_REDIRECT", StringComparison.Ordinal)).Should().Be(1, net.InstalledNat);
    }
}
