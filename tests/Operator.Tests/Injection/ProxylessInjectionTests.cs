using System.Text.Json.Nodes;
using Mesh.Operator.Injection;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Injection;

/// <summary>The proxyless bootstrap, once the kubelet has expanded the downward API variables, is what the xDS server and gRPC expect.</summary>
public sealed class ProxylessInjectionTests
{
    [Fact]
    public void The_expanded_bootstrap_names_the_pod_the_a36_template_and_the_provider_the_translator_asks_for()
    {
        var expanded = ProxylessInjection.Bootstrap()
            .Replace("$(POD_IP)", "10.1.2.3", StringComparison.Ordinal)
            .Replace("$(POD_NAME)", "greeter-7d9f-x1", StringComparison.Ordinal)
            .Replace("$(POD_NAMESPACE)", "demo", StringComparison.Ordinal);
        var bootstrap = JsonNode.Parse(expanded)!;

        SidecarNodeId.TryParse((string?)bootstrap["node"]!["id"], out var error).Should().Be(new SidecarNodeId("10.1.2.3", "greeter-7d9f-x1", "demo"));
        error.Should().BeNull();
        bootstrap["node"]!["locality"].Should().NotBeNull("grpc-js-xds fails without a locality");
        ((string?)bootstrap["server_listener_resource_name_template"]).Should().Be(SidecarContract.ProxylessServerListenerTemplate);
        ((string?)bootstrap["xds_servers"]![0]!["server_uri"]).Should().Be($"{SidecarContract.XdsHost()}:{SidecarContract.XdsPlaintextPort}");
        ((string?)bootstrap["xds_servers"]![0]!["channel_creds"]![0]!["type"]).Should().Be("insecure", "grpc-js-xds knows insecure and google_default only");
        var provider = bootstrap["certificate_providers"]![Mesh.XdsServer.Translation.UpstreamTlsBuilder.ProxylessCertificateProvider]!;
        ((string?)provider["plugin_name"]).Should().Be("file_watcher");
        ((string?)provider["config"]!["certificate_file"]).Should().Be($"{SidecarContract.CertificateDirectory}/{SidecarContract.CertificateFile}");
    }

    [Fact]
    public void A_pod_that_already_carries_a_grpc_bootstrap_is_left_alone()
    {
        var input = InjectionCase.Load("proxyless-grpc");
        var first = input.Inject();
        var again = (input with { Pod = input.Patched(first) }).Inject();

        first.Outcome.Should().Be(InjectionOutcome.Injected);
        again.Outcome.Should().Be(InjectionOutcome.AlreadyInjected);
        again.Patch.Should().BeEmpty();
    }
}
