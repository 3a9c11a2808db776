using k8s;
using k8s.Models;
using Mesh.LocalCluster;

namespace Mesh.Meshctl.Tests;

/// <summary>
/// check and version against the embedded API server laid out as a cluster install would be (an operator Deployment,
/// or a Lease held by an operator pod), with no operator running: what they read is only what the API shows.
/// </summary>
public sealed class ClusterInstallTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"meshctl-install-{Guid.NewGuid():N}");
    private LocalApiServer? _api;
    private Kubernetes? _client;
    private string _kubeconfig = "";

    private Kubernetes Client => _client!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _api = await LocalApiServer.StartAsync(new LocalApiServerOptions());
        _kubeconfig = _api.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"));
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_kubeconfig));
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "mesh-system" } });
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_operator_Deployment_gives_the_server_version_and_is_ready_once_a_replica_is_available()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(OperatorDeployment("ghcr.io/mesh-dev/mesh-operator:0.4.2"), "mesh-system");

        var version = await MeshctlRun.RunAsync("version", "--kubeconfig", _kubeconfig);
        var notReady = await MeshctlRun.RunAsync("check", "--kubeconfig", _kubeconfig);
        created.Status = new V1DeploymentStatus { Replicas = 2, AvailableReplicas = 2, ReadyReplicas = 2 };
        await Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "mesh-operator", "mesh-system");
        var ready = await MeshctlRun.RunAsync("check", "--kubeconfig", _kubeconfig);

        version.Should().Be(new MeshctlResult(0, "client: meshctl 0.1.0\nserver: mesh-operator 0.4.2 (image ghcr.io/mesh-dev/mesh-operator:0.4.2, Deployment mesh-system/mesh-operator)\n", ""));
        notReady.Stdout.Split('\n')[1].Should().Be("✘ operator not ready: Deployment mesh-system/mesh-operator has 0/2 replicas available; fix: kubectl -n mesh-system describe deployment mesh-operator and its pods' logs say why");
        ready.Stdout.Split('\n')[1].Should().Be("✔ operator ready: Deployment mesh-system/mesh-operator has 2/2 replicas available");
    }

    [Fact]
    public async Task The_workload_certificate_policy_passes_only_with_a_Deny_binding()
    {
        var policy = "mesh-workload-secret-use";
        var missing = await MeshctlRun.RunAsync("check", "--kubeconfig", _kubeconfig);
        var yaml = await File.ReadAllTextAsync(Mesh.Testing.RepoPaths.Of("config", "webhook", "workload_secret_use.yaml"));
        var kubectl = new Mesh.Testing.Kubectl(_kubeconfig, Path.Combine(_dir, "cache"));
        (await kubectl.ApplyAsync(yaml)).ExitCode.Should().Be(0);
        var enforced = await MeshctlRun.RunAsync("check", "--kubeconfig", _kubeconfig);
        (await kubectl.RunAsync("patch", "validatingadmissionpolicybinding", policy, "--type=merge", "-p", """{"spec":{"validationActions":["Warn"]}}""")).ExitCode.Should().Be(0);
        var warnOnly = await MeshctlRun.RunAsync("check", "--kubeconfig", _kubeconfig);

        const string Fix = "fix: kubectl apply --server-side -k config/webhook (Kubernetes 1.30+; older clusters keep the injector's check only)";
        missing.Stdout.Split('\n')[4].Should().Be($"✘ ValidatingAdmissionPolicy {policy} not found, so only the injector stops a pod from using another ServiceAccount's workload certificate; {Fix}");
        enforced.Stdout.Split('\n')[4].Should().Be($"✔ workload certificate policy {policy}: enforced by binding {policy}");
        warnOnly.Stdout.Split('\n')[4].Should().Be($"✘ ValidatingAdmissionPolicy {policy} has no binding with validationActions Deny, so it refuses nothing; {Fix}");
    }

    [Fact]
    public async Task Without_a_Deployment_the_Lease_holder_pod_gives_the_server_version()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "mesh-operator-7f9c-abcde" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "manager", Image = "registry.local/mesh-operator:1.2.3@sha256:0123" }] },
        }, "mesh-system");
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "mesh-operator-leader" },
            Spec = new V1LeaseSpec { HolderIdentity = "mesh-operator-7f9c-abcde", LeaseDurationSeconds = 15, RenewTime = DateTime.UtcNow, AcquireTime = DateTime.UtcNow },
        }, "mesh-system");

        var version = await MeshctlRun.RunAsync("version", "--kubeconfig", _kubeconfig);
        var check = await MeshctlRun.RunAsync("check", "--kubeconfig", _kubeconfig);

        version.Stdout.Should().Be("client: meshctl 0.1.0\nserver: mesh-operator 1.2.3 (image registry.local/mesh-operator:1.2.3@sha256:0123, leader pod mesh-system/mesh-operator-7f9c-abcde)\n");
        check.Stdout.Split('\n')[1].Should().Be("✔ operator ready: mesh-operator-7f9c-abcde holds Lease mesh-system/mesh-operator-leader");
    }

    [Theory]
    [InlineData("", "✘ webhook sidecar-injector.mesh.dev of mesh-sidecar-injector has no caBundle, so the API server cannot trust it; fix: the operator writes the caBundle when it starts: check its logs")]
    [InlineData("not a certificate", "✘ webhook sidecar-injector.mesh.dev of mesh-sidecar-injector has a caBundle that holds no PEM certificate; fix: delete the caBundle field and restart the operator so that it writes a fresh one")]
    public async Task A_webhook_without_a_usable_caBundle_fails_the_check_with_its_fix(string bundle, string line)
    {
        await Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "mesh-sidecar-injector" },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = "sidecar-injector.mesh.dev",
                    AdmissionReviewVersions = ["v1"],
                    SideEffects = "None",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig
                    {
                        CaBundle = bundle.Length == 0 ? null : System.Text.Encoding.ASCII.GetBytes(bundle),
                        Service = new Admissionregistrationv1ServiceReference { Name = "mesh-webhook", NamespaceProperty = "mesh-system" },
                    },
                },
            ],
        });

        var check = await MeshctlRun.RunAsync("check", "--kubeconfig", _kubeconfig);

        check.ExitCode.Should().Be(2);
        check.Stdout.Split('\n')[2].Should().Be(line);
    }

    [Fact]
    public async Task A_validator_without_a_caBundle_fails_the_check_although_its_failurePolicy_hides_it_from_kubectl()
    {
        await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = "mesh-policy-validator" },
            Webhooks =
            [
                new V1ValidatingWebhook
                {
                    Name = "meshpolicy-validator.mesh.dev",
                    AdmissionReviewVersions = ["v1"],
                    SideEffects = "None",
                    FailurePolicy = "Ignore",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig
                    {
                        Service = new Admissionregistrationv1ServiceReference { Name = "mesh-webhook", NamespaceProperty = "mesh-system" },
                    },
                },
            ],
        });

        var check = await MeshctlRun.RunAsync("check", "--kubeconfig", _kubeconfig);

        check.ExitCode.Should().Be(2);
        check.Stdout.Split('\n')[3].Should().Be("✘ webhook meshpolicy-validator.mesh.dev of mesh-policy-validator has no caBundle, so the API server cannot trust it; fix: the operator writes the caBundle when it starts: check its logs");
    }

    private static V1Deployment OperatorDeployment(string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = "mesh-operator" },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "mesh-operator" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "mesh-operator" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "manager", Image = image }] },
            },
        },
    };
}
