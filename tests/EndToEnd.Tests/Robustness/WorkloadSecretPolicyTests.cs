using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Robustness;

/// <summary>
/// The shipped ValidatingAdmissionPolicy (config/webhook/workload_secret_use.yaml), applied with kubectl as an install
/// applies it, judged by the embedded API with no operator running: pods that would use another ServiceAccount's
/// workload certificate are refused, whatever path they take (secret or projected volume, env, envFrom, an init
/// container), with a message naming the offenders; honest pods of every shape, including shapes with the optional
/// fields left out, are admitted (an evaluation error would refuse them under failurePolicy Fail).
/// </summary>
public sealed class WorkloadSecretPolicyTests : IAsyncLifetime
{
    private readonly EmbeddedApiFixture _api = new();

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        var applied = await _api.Kubectl.RunAsync("apply", "-f", Path.Combine(RepoPaths.Root, "config", "webhook", "workload_secret_use.yaml"));
        applied.ExitCode.Should().Be(0, applied.ToString());
        (await _api.Kubectl.ApplyAsync("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")).ExitCode.Should().Be(0);
    }

    public Task DisposeAsync() => _api.DisposeAsync();

    [Theory]
    [InlineData("secret-volume", "volumes: [{name: identity, secret: {secretName: mesh-workload-payments}}]",
        "volume(s) identity mount another's")]
    [InlineData("projected-volume", "volumes: [{name: bundle, projected: {sources: [{configMap: {name: cfg}}, {secret: {name: mesh-workload-payments}}]}}]",
        "volume(s) bundle mount another's")]
    [InlineData("env", "containers: [{name: app, image: example.com/app:1, env: [{name: KEY, valueFrom: {secretKeyRef: {name: mesh-workload-payments, key: tls.key}}}]}]",
        "container(s) app read another's into the environment")]
    [InlineData("env-from", "containers: [{name: app, image: example.com/app:1, envFrom: [{secretRef: {name: mesh-workload-payments}}]}]",
        "container(s) app read another's into the environment")]
    [InlineData("init", "initContainers: [{name: setup, image: example.com/app:1, envFrom: [{secretRef: {name: mesh-workload-payments}}]}]",
        "container(s) setup read another's into the environment")]
    public async Task A_pod_using_another_service_accounts_certificate_is_refused_naming_what_uses_it(string name, string spec, string offence)
    {
        var created = await _api.Kubectl.WithManifestAsync(Pod(name, "frontend", spec), "create");

        created.ExitCode.Should().NotBe(0, "the pod would present the payments identity");
        created.StdErr.Should().Contain(
            $"pods \"{name}\" is forbidden: ValidatingAdmissionPolicy 'mesh-workload-secret-use' with binding 'mesh-workload-secret-use' denied request: "
            + $"a pod may use only its own ServiceAccount's mesh workload certificate (Secret mesh-workload-frontend): {offence}");
        (await _api.Kubectl.RunAsync("get", "pod", name, "-n", "shop")).ExitCode.Should().NotBe(0, "nothing is stored");
    }

    [Theory]
    [InlineData("own", "frontend", "volumes: [{name: identity, secret: {secretName: mesh-workload-frontend}}]")]
    [InlineData("default-account", "", "volumes: [{name: identity, secret: {secretName: mesh-workload-default}}]")]
    [InlineData("other-secrets", "frontend",
        "volumes: [{name: s, secret: {secretName: app-secret}}, {name: p, projected: {sources: [{serviceAccountToken: {path: token}}, {secret: {name: other}}]}}, {name: e, emptyDir: {}}]")]
    [InlineData("optional-fields-left-out", "frontend",
        "volumes: [{name: s, secret: {}}, {name: p, projected: {}}], initContainers: [{name: i, image: example.com/app:1, env: [{name: A, value: b}, {name: C, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]}]")]
    [InlineData("env-of-own", "frontend",
        "containers: [{name: app, image: example.com/app:1, envFrom: [{configMapRef: {name: cfg}}, {secretRef: {name: mesh-workload-frontend}}]}]")]
    public async Task An_honest_pod_of_any_shape_is_admitted(string name, string serviceAccount, string spec)
    {
        var created = await _api.Kubectl.WithManifestAsync(Pod(name, serviceAccount, spec), "create");

        created.ExitCode.Should().Be(0, created.ToString());
    }

    [Fact]
    public async Task Kube_system_is_left_out_as_the_injector_leaves_it_out()
    {
        var pod = Pod("system-pod", "frontend", "volumes: [{name: identity, secret: {secretName: mesh-workload-payments}}]").Replace("namespace: shop", "namespace: kube-system", StringComparison.Ordinal);

        var created = await _api.Kubectl.WithManifestAsync(pod, "create");

        created.ExitCode.Should().Be(0, "no workload certificate lives in kube-system, and the cluster's own pods never wait on this policy: " + created);
    }

    /// <summary>A pod in shop; <paramref name="spec"/> adds to or replaces its one default container.</summary>
    private static string Pod(string name, string serviceAccount, string spec)
    {
        var containers = spec.Contains("containers: [{name: app", StringComparison.Ordinal) && !spec.Contains("initContainers: [{name: app", StringComparison.Ordinal)
            ? ""
            : "containers: [{name: main, image: example.com/app:1}], ";
        var account = serviceAccount.Length > 0 ? $"serviceAccountName: {serviceAccount}, " : "";
        return $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: {{name}}, namespace: shop}
            spec: { {{account}}{{containers}}{{spec}} }

            """;
    }
}
