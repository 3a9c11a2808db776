using System.Text;
using Mesh.EndToEnd.Tests.Chaos;
using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Robustness;

/// <summary>
/// Security checklist: no private key reaches the operator's logs. The operator runs as its own process at Trace level
/// (every category it logs), creates the root CA and issues a workload certificate; then neither key, in PEM, as its
/// base64 body or as the Secret's base64 data, appears anywhere in what the process printed.
/// </summary>
public sealed class KeysInLogsTests : OperatorApiTest
{
    private const string Manifests = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: keylogs}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: keylogs}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: keylogs}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-0
          namespace: keylogs
          labels: {app: web}
        spec:
          serviceAccountName: web
          containers: [{name: app, image: example.com/web:1}]
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: web, namespace: keylogs}
        spec:
          workloads:
            selector:
              matchLabels: {app: web}
          services:
            - name: web

        """;

    [Fact]
    public async Task Neither_the_root_key_nor_a_workload_key_is_ever_logged_even_at_trace_level()
    {
        await using var operatorProcess = OperatorProcess.Start(Api.KubeconfigPath, environment: new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
        });
        (await Api.Kubectl.ApplyAsync(Manifests)).ExitCode.Should().Be(0);
        (await Eventually.Holds(async () => (await Api.Kubectl.RunAsync("get", "secret", "mesh-workload-web", "-n", "keylogs")).ExitCode == 0, TimeSpan.FromSeconds(60)))
            .Should().BeTrue($"the workload certificate is issued\n{operatorProcess.Output}");

        var keys = new List<(string Name, string Base64Data)>
        {
            ("root CA key", await Api.Kubectl.MustAsync("get", "secret", "mesh-root-ca", "-n", "mesh-system", "-o", "jsonpath={.data.tls\\.key}")),
            ("workload key", await Api.Kubectl.MustAsync("get", "secret", "mesh-workload-web", "-n", "keylogs", "-o", "jsonpath={.data.tls\\.key}")),
        };
        (await Eventually.Holds(async () => (await Api.Kubectl.RunAsync("get", "meshpolicy", "web", "-n", "keylogs", "-o", "jsonpath={.status.observedGeneration}")).StdOut == "1", TimeSpan.FromSeconds(60)))
            .Should().BeTrue($"the policy's reconcile finished and wrote its status\n{operatorProcess.Output}");
        var output = operatorProcess.Output;
        output.Should().Contain("trce: ", "the process logged at trace level");
        var flatOutput = Flat(output);
        foreach (var (name, base64) in keys)
        {
            var pem = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            pem.Should().Contain("PRIVATE KEY");
            var body = Flat(string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
            flatOutput.Should().NotContain(body, $"the {name} is never logged");
            flatOutput.Should().NotContain(body[..48], $"no part of the {name} is logged");
            flatOutput.Should().NotContain(base64, $"the {name}'s Secret data is never logged");
        }

        output.Should().NotContain("PRIVATE KEY");
    }

    // PEM lines may be wrapped, escaped (\n inside JSON text) or indented: compare the base64 body alone.
    private static string Flat(string text) => text.Replace("\\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)
        .Replace("\r", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
}
