using System.Text.Json.Nodes;
using k8s;
using Mesh.LocalCluster;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Runtime;

/// <summary>One embedded API per test (faults are per server), with the MeshPolicy CRD installed and one namespace.</summary>
internal sealed class TestApi : IAsyncDisposable
{
    private readonly List<Kubernetes> _clients = [];

    private TestApi(LocalApiServer server, string ns)
    {
        Server = server;
        Namespace = ns;
        Api = NewApi(out _);
    }

    public LocalApiServer Server { get; }

    public string Namespace { get; }

    /// <summary>A client for the test's own reads and writes (not counted as the operator's).</summary>
    public KubeApi Api { get; }

    public static async Task<TestApi> StartAsync()
    {
        var server = await LocalApiServer.StartAsync(new LocalApiServerOptions());
        var ns = "t-" + Guid.NewGuid().ToString("N")[..8];
        using var client = new Kubernetes(server.ClientConfiguration);
        var applier = new ManifestApplier(new KubeApi(client), TimeProvider.System, NullLogger.Instance);
        await applier.ApplyYamlAsync([$"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n", .. LocalSession.EmbeddedCrds()], CancellationToken.None);
        return new TestApi(server, ns);
    }

    /// <summary>
    /// An admission webhook that cannot be reached, failurePolicy Fail: the API refuses every <paramref name="operations"/>
    /// of <paramref name="resource"/> (in API group <paramref name="apiGroup"/>), as a policy engine or a quota would.
    /// </summary>
    public async Task RefuseWritesAsync(string apiGroup, string resource, params string[] operations)
    {
        using var client = new Kubernetes(Server.ClientConfiguration);
        await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new k8s.Models.V1ValidatingWebhookConfiguration
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = $"freeze-{resource}" },
            Webhooks =
            [
                new k8s.Models.V1ValidatingWebhook
                {
                    Name = $"freeze.{resource}.example.com",
                    ClientConfig = new k8s.Models.Admissionregistrationv1WebhookClientConfig { Url = $"https://127.0.0.1:{Mesh.Testing.FreePorts.Loopback()}/validate" },
                    Rules = [new k8s.Models.V1RuleWithOperations { Operations = operations, ApiGroups = [apiGroup], ApiVersions = ["v1"], Resources = [resource] }],
                    FailurePolicy = "Fail",
                    SideEffects = "None",
                    AdmissionReviewVersions = ["v1"],
                    TimeoutSeconds = 2,
                },
            ],
        });
    }

    /// <summary>A new client whose writes are counted.</summary>
    public KubeApi NewApi(out RequestCounter counter)
    {
        counter = new RequestCounter();
        var client = new Kubernetes(Server.ClientConfiguration, counter);
        _clients.Add(client);
        return new KubeApi(client);
    }

    public ControllerManager NewManager(KubeApi api, ControllerManagerOptions? options = null) =>
        new(api, options ?? new ControllerManagerOptions { Informers = new InformerOptions { MinRetryDelay = TimeSpan.FromMilliseconds(20) } },
            TimeProvider.System, NullLoggerFactory.Instance);

    public Task<MeshPolicy> CreatePolicyAsync(string name) =>
        Api.CreateAsync(ResourceKinds.MeshPolicy, new MeshPolicy { Metadata = new() { Name = name, NamespaceProperty = Namespace } }, CancellationToken.None);

    public Task<MeshPolicy?> GetPolicyAsync(string name) =>
        Api.GetAsync<MeshPolicy>(ResourceKinds.MeshPolicy, ObjectKey.Create(Namespace, name), CancellationToken.None);

    /// <summary>Changes the spec, so metadata.generation moves.</summary>
    public Task<MeshPolicy> EditSpecAsync(string name, bool restartOnChange) =>
        Api.MergePatchAsync<MeshPolicy>(ResourceKinds.MeshPolicy, ObjectKey.Create(Namespace, name),
            new JsonObject { ["spec"] = new JsonObject { ["workloads"] = new JsonObject { ["restartOnChange"] = restartOnChange } } }.ToJsonString(), null, CancellationToken.None);

    public async Task<bool> IsAcceptedAsync(string name, long generation)
    {
        var policy = await GetPolicyAsync(name);
        return policy?.Status?.ObservedGeneration == generation
            && policy.Status.Conditions?.Any(c => c.Type == ConditionTypes.Accepted && c.Status == ConditionStatus.True && c.ObservedGeneration == generation) == true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
    }
}
