using Mesh.EndToEnd.Tests.Mesh;

namespace Mesh.EndToEnd.Tests.Robustness;

/// <summary>
/// Security checklist, through the real admission chain of local mode (embedded API -> installed mutating webhook ->
/// injector): a pod mounting another ServiceAccount's workload certificate Secret is refused with the API server's
/// wording; its own is admitted. A pod labelled sidecar.mesh.dev/inject=false never reaches the injector
/// (objectSelector): the ValidatingAdmissionPolicy local mode installs with the webhooks (as config/webhook does)
/// refuses it inside the API server.
/// </summary>
public sealed class WorkloadSecretMountAdmissionTests(LocalMeshFixture mesh) : IClassFixture<LocalMeshFixture>
{
    [Fact]
    public async Task A_pod_mounting_another_service_accounts_workload_certificate_is_refused_by_the_injector()
    {
        (await mesh.Kubectl.ApplyAsync(Namespace)).ExitCode.Should().Be(0);

        var stolen = await mesh.Kubectl.WithManifestAsync(Pod("thief", "mesh-workload-payments", optOut: false), "apply");
        stolen.ExitCode.Should().NotBe(0);
        stolen.StdErr.Should().Contain("admission webhook \"sidecar-injector.mesh.dev\" denied the request: mesh: volume 'identity' mounts Secret 'mesh-workload-payments'");

        var own = await mesh.Kubectl.WithManifestAsync(Pod("honest", "mesh-workload-frontend", optOut: false), "apply");
        own.ExitCode.Should().Be(0, own.ToString());

        var bypass = await mesh.Kubectl.WithManifestAsync(Pod("opted-out", "mesh-workload-payments", optOut: true), "apply");
        bypass.ExitCode.Should().NotBe(0, "an opted-out pod is not sent to the injector, but the API server's policy judges it");
        bypass.StdErr.Should().Contain("ValidatingAdmissionPolicy 'mesh-workload-secret-use' with binding 'mesh-workload-secret-use' denied request: "
            + "a pod may use only its own ServiceAccount's mesh workload certificate (Secret mesh-workload-frontend): volume(s) identity mount another's");
    }

    private const string Namespace = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: mounts}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: frontend, namespace: mounts}

        """;

    private static string Pod(string name, string secret, bool optOut) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: mounts
          labels: {sidecar.mesh.dev/inject: "{{(optOut ? "false" : "true")}}"}
        spec:
          serviceAccountName: frontend
          containers: [{name: app, image: example.com/app:1}]
          volumes:
            - name: identity
              secret: {secretName: {{secret}}}

        """;
}
