using Mesh.EndToEnd.Tests.Mesh;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Mesh.LocalCluster;
using Mesh.LocalCluster.Http;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// The operator as cluster mode composes it (OperatorHost, leader election on, no local stand-ins) against the
/// embedded API with the shop and payments samples and pods for their Deployments: every request it sends must be
/// granted by OperatorPermissions, which config/rbac mirrors.
/// </summary>
public sealed class OperatorRbacTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OperatorNamespace = "mesh-system";
    private readonly EmbeddedApiFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Every_request_the_operator_sends_is_granted_by_OperatorPermissions()
    {
        var kubectl = _api.Kubectl;
        foreach (var crd in Directory.GetFiles(RepoPaths.Crd, "*.yaml"))
        {
            await kubectl.MustAsync("apply", "--server-side", "-f", crd);
        }

        await kubectl.MustAsync("wait", "--for=condition=established", "crd", "--all", "--timeout=60s");
        await kubectl.MustAsync("apply", "--server-side", "-f", RepoPaths.Of("config", "manager", "namespace.yaml"));
        foreach (var sample in new[] { "shop", "payments" })
        {
            var folder = Path.Combine(RepoPaths.Samples, sample);
            await kubectl.MustAsync("apply", "--server-side", "-f", folder);
            await kubectl.WithManifestAsync(PodsOf(folder), "apply", "--server-side").ContinueWith(t => t.Result.ExitCode.Should().Be(0, t.Result.ToString()));
        }

        var recorder = new RecordingHandler();
        var config = _api.Server.ClientConfiguration;
        await using var app = OperatorHost.Build(new OperatorHostOptions
        {
            Kubernetes = config,
            HttpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            Manager = new ControllerManagerOptions
            {
                LeaderElection = new LeaderElectionOptions { LeaseNamespace = OperatorNamespace, Identity = "rbac-test" },
            },
            ConfigureServices = services => services.Replace(ServiceDescriptor.Singleton(_ => new Kubernetes(config, recorder))),
        });
        await app.StartAsync();
        foreach (var (ns, name) in new[] { ("shop", "shop"), ("payments", "payments") })
        {
            await Eventually.True(async () =>
            {
                var ready = await kubectl.RunAsync("get", "meshpolicy", name, "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}");
                return ready.ExitCode == 0 && ready.StdOut.Length > 0;
            }, $"the operator reconciles MeshPolicy {ns}/{name}", TimeSpan.FromSeconds(60));
        }

        await Eventually.True(async () => (await kubectl.RunAsync("get", "networkpolicies", "-n", "shop", "-o", "name")).StdOut.Length > 0,
            "the shop policy (networkPolicy Enforce, pods selected) generates NetworkPolicies", TimeSpan.FromSeconds(60));
        await app.StopAsync();

        var requests = recorder.Requests.Select(r => ApiRequest.Parse(r.Method, r.Uri)).OfType<ApiRequest>().Distinct().ToList();
        foreach (var request in requests.OrderBy(r => r.ToString(), StringComparer.Ordinal))
        {
            output.WriteLine(request.ToString());
        }

        requests.Where(r => !r.IsAllowed(OperatorPermissions.ClusterWide, OperatorPermissions.LeaderElection, OperatorNamespace))
            .Select(r => r.ToString())
            .Should().BeEmpty("every call the operator makes must be in OperatorPermissions (and so in config/rbac)");
        requests.Should().Contain(r => r.Resource == "leases" && r.Verb == "create", "leader election ran");
        requests.Should().Contain(r => r.Resource == "meshpolicies/status" && r.Verb == "patch", "status was written");
        requests.Should().Contain(r => r.Resource == "networkpolicies" && r.Verb == "create", "NetworkPolicies were generated");
        requests.Should().Contain(r => r.Resource == "events" && r.Verb == "create", "events were recorded");
        requests.Should().Contain(r => r.Resource == "nodes" && r.Verb == "watch", "the Node informer runs (zones from nodes)");
    }

    /// <summary>One pod per Deployment of the sample, from its template (no controller runs in the embedded API).</summary>
    private static string PodsOf(string folder)
    {
        var pods = Directory.GetFiles(folder, "*.yaml")
            .SelectMany(f => YamlToJson.Documents(File.ReadAllText(f)))
            .Where(o => (string?)o["kind"] == "Deployment")
            .Select(d => new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"{d["metadata"]!["name"]}-0",
                    ["namespace"] = d["metadata"]!["namespace"]?.DeepClone(),
                    ["labels"] = d["spec"]!["template"]!["metadata"]!["labels"]!.DeepClone(),
                },
                ["spec"] = d["spec"]!["template"]!["spec"]!.DeepClone(),
            });
        return string.Concat(pods.Select(p => p.ToJsonString() + "\n"));
    }
}
