using Mesh.Operator.Planning;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Injection;

public sealed class SidecarInjectorTests
{
    private static V1Pod Injected(string name)
    {
        var input = InjectionCase.Load(name);
        return KubernetesJson.Deserialize<V1Pod>(input.Patched(input.Inject()).ToJsonString());
    }

    [Fact]
    public void The_capture_container_comes_first_then_the_native_proxy_then_the_users_init_containers()
    {
        var pod = Injected("native-with-user-init");
        pod.Spec.InitContainers.Select(c => c.Name).Should().Equal(SidecarContract.CaptureContainerName, SidecarContract.ProxyContainerName, "migrate");
        pod.Spec.InitContainers[1].RestartPolicy.Should().Be("Always");
        pod.Spec.Containers.Select(c => c.Name).Should().Equal("reviews");
    }

    [Fact]
    public void The_proxy_runs_as_1337_non_root_read_only_with_nothing_but_dropped_capabilities()
    {
        var proxy = Injected("native-with-user-init").Spec.InitContainers.Single(c => c.Name == SidecarContract.ProxyContainerName);
        var security = proxy.SecurityContext;
        security.RunAsUser.Should().Be(SidecarContract.ProxyUid);
        security.RunAsGroup.Should().Be(SidecarContract.ProxyGid);
        security.RunAsNonRoot.Should().BeTrue();
        security.ReadOnlyRootFilesystem.Should().BeTrue();
        security.AllowPrivilegeEscalation.Should().BeFalse();
        security.Capabilities.Drop.Should().Equal("ALL");
        security.Capabilities.Add.Should().BeNull();
        proxy.StartupProbe.HttpGet.Port.Value.Should().Be("15021");
        proxy.ReadinessProbe.HttpGet.Path.Should().Be(SidecarContract.ReadinessPath);
        proxy.Lifecycle.PreStop.Exec.Command.Should().NotBeEmpty();
    }

    [Fact]
    public void The_capture_container_is_root_with_net_admin_and_net_raw_only()
    {
        var capture = Injected("native-with-user-init").Spec.InitContainers[0];
        capture.SecurityContext.RunAsUser.Should().Be(0);
        capture.SecurityContext.RunAsNonRoot.Should().BeFalse();
        capture.SecurityContext.Capabilities.Add.Should().BeEquivalentTo("NET_ADMIN", "NET_RAW");
        capture.SecurityContext.Capabilities.Drop.Should().Equal("ALL");
        capture.Args[0].Should().Be(SidecarContract.CaptureCommand);
        capture.Image.Should().Be(SidecarContract.DefaultOperatorImage);
    }

    [Fact]
    public void Certificates_and_bootstrap_are_mounted_where_the_contract_says()
    {
        var pod = Injected("native-with-user-init");
        var proxy = pod.Spec.InitContainers[1];
        var certs = proxy.VolumeMounts.Single(m => m.MountPath == SidecarContract.CertificateDirectory);
        certs.ReadOnlyProperty.Should().BeTrue();
        pod.Spec.Volumes.Single(v => v.Name == certs.Name).Secret.SecretName.Should().Be("mesh-workload-reviews");
        var bootstrap = proxy.VolumeMounts.Single(m => m.MountPath == SidecarContract.BootstrapDirectory);
        pod.Spec.Volumes.Single(v => v.Name == bootstrap.Name).ConfigMap.Name.Should().Be(SidecarContract.BootstrapConfigMap);
        proxy.Args.Should().ContainInOrder("-c", SidecarContract.BootstrapPath, "--service-node", SidecarContract.NodeIdFromEnvironment, "--service-cluster", "reviews");
        pod.Spec.Volumes.Select(v => v.Name).Should().StartWith("data", "the user's volumes keep their place");
    }

    [Fact]
    public void The_pod_is_labelled_and_annotated_with_the_policy_and_the_template_hash()
    {
        var input = InjectionCase.Load("native-with-user-init");
        var result = input.Inject();
        var pod = KubernetesJson.Deserialize<V1Pod>(input.Patched(result).ToJsonString());
        pod.Metadata.Labels[SidecarContract.TlsModeLabel].Should().Be(SidecarContract.TlsModeMesh);
        pod.Metadata.Annotations[SidecarContract.PolicyAnnotation].Should().Be("shop");
        pod.Metadata.Annotations[SidecarContract.TemplateHashAnnotation].Should().Be(SidecarTemplate.For(input.Policies[0], new InjectorOptions()).Hash);
        pod.Metadata.Annotations["example.com/owner"].Should().Be("team-a");
    }

    [Fact]
    public void An_http_probe_is_rewritten_to_the_health_port_and_the_original_kept_with_a_numeric_port()
    {
        var pod = Injected("native-with-user-init");
        var probe = pod.Spec.Containers[0].ReadinessProbe;
        probe.HttpGet.Path.Should().Be("/app-health/reviews/readyz");
        probe.HttpGet.Port.Value.Should().Be("15021");
        probe.PeriodSeconds.Should().Be(3, "everything but the target is kept");
        var probers = JsonNode.Parse(pod.Metadata.Annotations[SidecarContract.AppProbersAnnotation])!;
        probers["/app-health/reviews/readyz"]!["port"]!.GetValue<int>().Should().Be(9080);
        probers["/app-health/reviews/readyz"]!["path"]!.GetValue<string>().Should().Be("/health");
        pod.Spec.Containers[0].LivenessProbe.Exec.Should().NotBeNull("exec probes run in the container and are left alone");
    }

    [Fact]
    public void Tcp_and_grpc_probe_ports_join_the_excluded_inbound_ports()
    {
        var pod = Injected("non-native-probes-and-capture");
        var args = pod.Spec.InitContainers[0].Args;
        string Flag(string name) => args.Single(a => a.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
        Flag(SidecarContract.CaptureFlags.ExcludeInboundPorts).Split(',').Should().BeEquivalentTo("7000", "9100", "50051");
        Flag(SidecarContract.CaptureFlags.ExcludeOutboundPorts).Should().Be("5432,6379");
        Flag(SidecarContract.CaptureFlags.IncludeInboundPorts).Should().Be("*");
    }

    [Fact]
    public void Without_native_sidecars_the_proxy_is_the_last_app_container()
    {
        var pod = Injected("non-native-probes-and-capture");
        pod.Spec.InitContainers.Select(c => c.Name).Should().Equal(SidecarContract.CaptureContainerName);
        pod.Spec.Containers.Select(c => c.Name).Should().Equal("worker", "helper", SidecarContract.ProxyContainerName);
        pod.Spec.Containers[2].RestartPolicy.Should().BeNull();
        pod.Spec.Containers[2].Image.Should().Be("registry.example.com/envoy:v1.32.3-custom");
    }

    [Fact]
    public void The_older_policy_gives_the_sidecar_whatever_the_listing_order()
    {
        var input = InjectionCase.Load("older-policy-wins");
        input.Inject().PolicyName.Should().Be("everything");
        (input with { Policies = input.Policies.Reverse().ToList() }).Inject().PolicyName.Should().Be("everything");
    }

    [Fact]
    public void Policies_of_the_same_age_are_ordered_by_name()
    {
        var a = new MeshPolicy { Metadata = new V1ObjectMeta { Name = "b", CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) } };
        var b = new MeshPolicy { Metadata = new V1ObjectMeta { Name = "a", CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) } };
        GoverningPolicy.Of(new Dictionary<string, string>(), [a, b])!.Metadata.Name.Should().Be("a");
    }

    [Fact]
    public void A_reserved_port_admits_the_pod_unchanged_with_a_warning_naming_the_port_and_the_fix()
    {
        var result = InjectionCase.Load("reserved-port").Inject();
        result.Outcome.Should().Be(InjectionOutcome.Blocked);
        result.Patch.Should().BeEmpty();
        result.Warnings.Should().ContainSingle().Which.Should().Contain("15001").And.Contain(SidecarContract.InjectAnnotation).And.Contain("move the container");
    }

    [Fact]
    public void The_template_hash_changes_with_what_is_injected_and_only_with_that()
    {
        var policy = InjectionCase.Load("native-with-user-init").Policies[0];
        var options = new InjectorOptions();
        var hash = SidecarTemplate.For(policy, options).Hash;
        SidecarTemplate.For(policy, options).Hash.Should().Be(hash);
        SidecarTemplate.For(policy, options with { DefaultProxyImage = "envoyproxy/envoy:v1.33.0" }).Hash.Should().NotBe(hash);
        var nonNative = KubernetesJson.Deserialize<MeshPolicy>(KubernetesJson.Serialize(policy));
        nonNative.Spec = nonNative.Spec with { Workloads = nonNative.Spec.Workloads! with { Sidecar = nonNative.Spec.Workloads.Sidecar! with { Native = false } } };
        SidecarTemplate.For(nonNative, options).Hash.Should().NotBe(hash);
        var otherServices = KubernetesJson.Deserialize<MeshPolicy>(KubernetesJson.Serialize(policy));
        otherServices.Spec = otherServices.Spec with { DefaultAuthorization = DefaultAuthorization.DenyAll };
        SidecarTemplate.For(otherServices, options).Hash.Should().Be(hash, "authorization reaches proxies over xDS, not through the pod");
    }
}
