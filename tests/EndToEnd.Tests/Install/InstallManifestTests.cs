using System.Text.Json.Nodes;
using Mesh.Operator.Hosting;
using Mesh.Testing;
using Mesh.XdsServer.Contract;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>config/default as kubectl kustomize renders it: the parts, the names the sidecar contract fixes, the Deployment.</summary>
public sealed class InstallManifestTests
{
    [Fact]
    public async Task The_default_install_holds_every_part()
    {
        var rendered = await Rendered.Default;
        rendered.Objects.Select(Rendered.Describe).Should().BeEquivalentTo(
        [
            "Namespace/mesh-system", "CustomResourceDefinition/meshpolicies.mesh.dev", "ServiceAccount/mesh-operator",
            "ClusterRole/mesh-operator", "ClusterRoleBinding/mesh-operator", "Role/mesh-operator-leader-election",
            "RoleBinding/mesh-operator-leader-election", "Deployment/mesh-operator", "Service/mesh-xds", "Service/mesh-webhook",
            "Service/mesh-operator-metrics", "MutatingWebhookConfiguration/mesh-sidecar-injector",
            "ValidatingWebhookConfiguration/mesh-policy-validator", "PodDisruptionBudget/mesh-operator", "NetworkPolicy/mesh-operator",
            "ValidatingAdmissionPolicy/mesh-workload-secret-use", "ValidatingAdmissionPolicyBinding/mesh-workload-secret-use",
        ]);
        rendered.Objects.Where(o => o["metadata"]?["namespace"] is not null)
            .Should().OnlyContain(o => (string?)o["metadata"]!["namespace"] == SidecarContract.ControlPlaneNamespace);
        rendered.Objects.Should().OnlyContain(o => (string?)o["metadata"]!["labels"]!["app.kubernetes.io/part-of"] == "mesh");
        rendered.Objects.Where(o => ((string?)o["kind"])!.StartsWith("ValidatingAdmissionPolicy", StringComparison.Ordinal))
            .Should().HaveCount(2).And.OnlyContain(o => o["metadata"]!["namespace"] == null,
                "they are cluster-scoped: the transformer in config/default takes off the namespace kustomize gives them");
    }

    [Fact]
    public async Task Services_and_the_webhook_configuration_carry_the_sidecar_contract_names()
    {
        var rendered = await Rendered.Default;
        var container = Container(rendered);

        var xds = rendered.Single("Service", SidecarContract.XdsServiceName);
        Ports(xds).Should().Equal([SidecarContract.XdsTlsPort], "the default install serves mTLS xDS only; plaintext is opt-in");
        TargetContainerPort(xds, SidecarContract.XdsTlsPort, container).Should().Be(SidecarContract.XdsTlsPort);

        var webhook = rendered.Single("Service", SidecarContract.WebhookServiceName);
        Ports(webhook).Should().Equal([SidecarContract.WebhookServicePort]);
        TargetContainerPort(webhook, SidecarContract.WebhookServicePort, container).Should().Be(SidecarContract.WebhookContainerPort);

        var configuration = rendered.Single("MutatingWebhookConfiguration", SidecarContract.InjectorConfigurationName);
        var hook = configuration["webhooks"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        ((string?)hook["name"]).Should().Be(SidecarContract.InjectorWebhookName);
        var service = hook["clientConfig"]!["service"]!;
        ((string?)service["name"]).Should().Be(SidecarContract.WebhookServiceName);
        ((string?)service["namespace"]).Should().Be(SidecarContract.ControlPlaneNamespace);
        ((string?)service["path"]).Should().Be(SidecarContract.InjectorPath);
        (Int(service["port"])).Should().Be(SidecarContract.WebhookServicePort);
        ((string?)hook["failurePolicy"]).Should().Be("Ignore");
        ((string?)hook["sideEffects"]).Should().Be("None");
        hook["clientConfig"]!["caBundle"].Should().BeNull("the caBundle is injected, never held in Git");
        var excluded = hook["namespaceSelector"]!["matchExpressions"]!.AsArray().Single()!;
        ((string?)excluded["key"]).Should().Be("kubernetes.io/metadata.name");
        ((string?)excluded["operator"]).Should().Be("NotIn");
        excluded["values"]!.AsArray().Select(v => (string?)v).Should().BeEquivalentTo(["kube-system", SidecarContract.ControlPlaneNamespace]);
        var rule = hook["rules"]!.AsArray().Single()!;
        rule["resources"]!.AsArray().Select(v => (string?)v).Should().Equal("pods");
        rule["operations"]!.AsArray().Select(v => (string?)v).Should().Equal("CREATE");
    }

    [Fact]
    public async Task The_plaintext_xds_port_comes_only_with_its_component()
    {
        var rendered = await Rendered.DefaultWithPlaintextXdsAsync();
        var xds = rendered.Single("Service", SidecarContract.XdsServiceName);
        Ports(xds).Should().BeEquivalentTo([SidecarContract.XdsTlsPort, SidecarContract.XdsPlaintextPort]);
        TargetContainerPort(xds, SidecarContract.XdsPlaintextPort, Container(rendered)).Should().Be(SidecarContract.XdsPlaintextPort);
        IngressPorts(rendered.Single("NetworkPolicy", "mesh-operator"), fromAnyNamespace: true).Should().Contain(SidecarContract.XdsPlaintextPort);

        var without = await Rendered.Default;
        IngressPorts(without.Single("NetworkPolicy", "mesh-operator"), fromAnyNamespace: true).Should().NotContain(SidecarContract.XdsPlaintextPort);
    }

    [Fact]
    public async Task The_operator_network_policy_admits_the_webhook_from_anywhere_and_xds_from_every_namespace()
    {
        var policy = (await Rendered.Default).Single("NetworkPolicy", "mesh-operator");
        var rules = policy["spec"]!["ingress"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var webhook = rules.Single(r => RulePorts(r).Contains(SidecarContract.WebhookContainerPort));
        webhook["from"].Should().BeNull("the API server is not a pod: the webhook port must admit any source");
        IngressPorts(policy, fromAnyNamespace: true).Should().Contain([SidecarContract.XdsTlsPort, 8080]);
        policy["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>().Should().Be("mesh-operator");
    }

    [Fact]
    public async Task The_manager_Deployment_is_highly_available_probed_limited_and_restricted()
    {
        var rendered = await Rendered.Default;
        var deployment = rendered.Single("Deployment", "mesh-operator");
        var spec = deployment["spec"]!;
        (Int(spec["replicas"])).Should().Be(2);
        var pod = spec["template"]!["spec"]!;
        ((string?)pod["serviceAccountName"]).Should().Be("mesh-operator");
        ((bool?)pod["securityContext"]!["runAsNonRoot"]).Should().BeTrue();
        ((string?)pod["securityContext"]!["seccompProfile"]!["type"]).Should().Be("RuntimeDefault");

        var container = Container(rendered);
        var security = container["securityContext"]!;
        ((bool?)security["allowPrivilegeEscalation"]).Should().BeFalse();
        ((bool?)security["readOnlyRootFilesystem"]).Should().BeTrue();
        security["capabilities"]!["drop"]!.AsArray().Select(v => (string?)v).Should().Equal("ALL");
        security["capabilities"]!["add"].Should().BeNull();

        foreach (var quantity in new[] { "cpu", "memory" })
        {
            container["resources"]!["requests"]![quantity].Should().NotBeNull($"{quantity} must be requested");
            container["resources"]!["limits"]![quantity].Should().NotBeNull($"{quantity} must be limited");
        }

        var command = CommandLine.Parse(Args(container));
        var httpPort = command.HttpPort!.Value;
        foreach (var (probe, path) in new[] { ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = container[probe]!["httpGet"]!;
            ((string?)get["path"]).Should().Be(path, "OperatorHost serves {0}", path);
            ContainerPort(container, (string)get["port"]!).Should().Be(httpPort, $"the {probe} must reach the port --http-port opens");
        }

        pod["topologySpreadConstraints"]!.AsArray().Select(c => (string?)c!["topologyKey"])
            .Should().BeEquivalentTo(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
        var podLabels = spec["template"]!["metadata"]!["labels"]!.AsObject();
        foreach (var constraint in pod["topologySpreadConstraints"]!.AsArray())
        {
            Selects(constraint!["labelSelector"]!["matchLabels"]!.AsObject(), podLabels).Should().BeTrue();
        }

        var budget = rendered.Single("PodDisruptionBudget", "mesh-operator");
        (Int(budget["spec"]!["minAvailable"])).Should().BeInRange(1, 1, "one replica keeps serving through a drain, the other may go");
        Selects(budget["spec"]!["selector"]!["matchLabels"]!.AsObject(), podLabels).Should().BeTrue();
        foreach (var service in rendered.OfKind("Service"))
        {
            Selects(service["spec"]!["selector"]!.AsObject(), podLabels).Should().BeTrue($"{Rendered.Describe(service)} must select the operator pods");
        }
    }

    [Fact]
    public async Task The_Deployment_args_parse_with_the_operator_command_line_and_equal_the_Dockerfile_CMD()
    {
        var container = Container(await Rendered.Default);
        var args = Args(container);
        var command = CommandLine.Parse(args);
        command.Errors.Should().BeEmpty();
        command.Local.Should().BeFalse("the image runs cluster mode");
        command.LeaderElect.Should().BeTrue("two replicas need leader election");
        command.XdsTlsPort.Should().Be(global::Mesh.XdsServer.Contract.SidecarContract.XdsTlsPort, "sidecars reach the mTLS xDS port");
        command.XdsPort.Should().BeNull("plaintext xDS is opt-in (config/components/plaintext-xds)");
        command.WebhookPort.Should().Be(global::Mesh.XdsServer.Contract.SidecarContract.WebhookContainerPort);
        ContainerPorts(container).Should().Contain([command.XdsTlsPort!.Value, command.WebhookPort!.Value, command.HttpPort!.Value]);

        var dockerfile = await File.ReadAllLinesAsync(RepoPaths.Of("Dockerfile"));
        JsonArrayOf(dockerfile, "ENTRYPOINT").Should().Equal("/app/mesh-operator");
        JsonArrayOf(dockerfile, "CMD").Should().Equal(args, "docker run and the Deployment start the same thing");
        var project = await File.ReadAllTextAsync(RepoPaths.Of("src", "Operator", "Operator.csproj"));
        project.Should().Contain("<AssemblyName>mesh-operator</AssemblyName>", "the ENTRYPOINT names the published binary");
        var runAsUser = Int((await Rendered.Default).Single("Deployment", "mesh-operator")["spec"]!["template"]!["spec"]!["securityContext"]!["runAsUser"]);
        runAsUser.Should().Be(1654, "the Dockerfile's USER is $APP_UID, 1654 in the .NET images");
        dockerfile.Should().Contain("USER $APP_UID");
    }

    [Fact]
    public async Task The_image_is_pinned_in_one_place_and_is_the_one_the_injector_defaults_to()
    {
        var container = Container(await Rendered.Default);
        ((string?)container["image"]).Should().Be(SidecarContract.DefaultOperatorImage);
        var pinned = Directory.EnumerateFiles(RepoPaths.Of("config"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("newTag:", StringComparison.Ordinal))
            .Select(RepoPaths.Relative)
            .ToList();
        pinned.Should().Equal(["config/manager/kustomization.yaml"]);
    }

    [Fact]
    public async Task The_cert_manager_overlay_issues_the_webhook_certificate_and_injects_its_CA()
    {
        var rendered = await Rendered.CertManager;
        var certificate = rendered.Single("Certificate", "mesh-webhook-serving");
        var configuration = rendered.Single("MutatingWebhookConfiguration", SidecarContract.InjectorConfigurationName);
        ((string?)configuration["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"])
            .Should().Be($"{SidecarContract.ControlPlaneNamespace}/mesh-webhook-serving");
        certificate["spec"]!["dnsNames"]!.AsArray().Select(v => (string?)v)
            .Should().Contain($"{SidecarContract.WebhookServiceName}.{SidecarContract.ControlPlaneNamespace}.svc");
        var secretName = (string?)certificate["spec"]!["secretName"];
        var issuer = rendered.Single("Issuer", (string)certificate["spec"]!["issuerRef"]!["name"]!);
        issuer["spec"]!["selfSigned"].Should().NotBeNull();
        var volumes = rendered.Single("Deployment", "mesh-operator")["spec"]!["template"]!["spec"]!["volumes"]!.AsArray();
        volumes.Select(v => (string?)v!["secret"]?["secretName"]).Should().Contain(secretName);
        var container = Container(rendered);
        container["volumeMounts"]!.AsArray().Select(m => (string?)m!["name"]).Should().Contain(["tmp", "webhook-serving-cert"],
            "the overlay adds its mount and keeps the default's");
    }

    internal static JsonObject Container(Rendered rendered) =>
        rendered.Single("Deployment", "mesh-operator")["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
            .Single(c => (string?)c!["name"] == "manager")!.AsObject();

    private static int? Int(JsonNode? node) => node is null ? null : (int)node.GetValue<long>();

    private static string[] Args(JsonObject container) => container["args"]!.AsArray().Select(a => (string)a!).ToArray();

    private static int[] Ports(JsonObject service) =>
        service["spec"]!["ports"]!.AsArray().Select(p => Int(p!["port"]!)!.Value).ToArray();

    private static int[] ContainerPorts(JsonObject container) =>
        container["ports"]!.AsArray().Select(p => Int(p!["containerPort"]!)!.Value).ToArray();

    private static int ContainerPort(JsonObject container, string name) =>
        container["ports"]!.AsArray().Where(p => (string?)p!["name"] == name).Select(p => Int(p!["containerPort"]!)!.Value)
            .Should().ContainSingle($"the container must name a port {name}").Subject;

    private static int TargetContainerPort(JsonObject service, int port, JsonObject container)
    {
        var target = service["spec"]!["ports"]!.AsArray().Single(p => Int(p!["port"]!)!.Value == port)!["targetPort"]!;
        return target.GetValueKind() == System.Text.Json.JsonValueKind.Number ? Int(target)!.Value : ContainerPort(container, (string)target!);
    }

    private static int[] RulePorts(JsonObject rule) =>
        rule["ports"]?.AsArray().Select(p => Int(p!["port"]!)!.Value).ToArray() ?? [];

    private static int[] IngressPorts(JsonObject policy, bool fromAnyNamespace) =>
        policy["spec"]!["ingress"]!.AsArray().Select(r => r!.AsObject())
            .Where(r => !fromAnyNamespace || r["from"]?.AsArray().Any(f => f!["namespaceSelector"] is JsonObject { Count: 0 } && f["podSelector"] is null) == true)
            .SelectMany(RulePorts).ToArray();

    private static bool Selects(JsonObject matchLabels, JsonObject labels) =>
        matchLabels.Count > 0 && matchLabels.All(l => (string?)labels[l.Key] == (string?)l.Value);

    private static string[] JsonArrayOf(string[] dockerfile, string instruction)
    {
        var line = dockerfile.Should().ContainSingle(l => l.StartsWith(instruction + " ", StringComparison.Ordinal)).Subject;
        return JsonNode.Parse(line[(instruction.Length + 1)..])!.AsArray().Select(a => (string)a!).ToArray();
    }
}
