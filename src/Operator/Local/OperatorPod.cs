using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Mesh.LocalCluster;

namespace Mesh.Operator.Local;

/// <summary>
/// Local mode's operator as a Pod in its namespace, so that clients that find the control plane as they would in a
/// cluster (meshctl lists the pods labelled like config/manager's Deployment, then asks each through pods/proxy) find
/// this process: Running and Ready, podIP 127.0.0.1, its http-metrics port mapped by the embedded API to the
/// operator's real loopback HTTP port.
/// </summary>
public static class OperatorPod
{
    /// <summary>The pod's name (one replica: local mode runs one operator).</summary>
    public const string Name = "mesh-operator-local";

    /// <summary>config/manager's container ports (name, port), in its order.</summary>
    public static IReadOnlyList<(string Name, int Port)> Ports { get; } =
        [("http-metrics", 8080), ("grpc-xds", XdsServer.Contract.SidecarContract.XdsPlaintextPort), ("grpc-xds-tls", XdsServer.Contract.SidecarContract.XdsTlsPort), ("https-webhook", XdsServer.Contract.SidecarContract.WebhookContainerPort)];

    /// <summary>The labels of config/manager's pod template (what meshctl selects operator pods by).</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>
    {
        ["app.kubernetes.io/name"] = "mesh-operator",
        ["app.kubernetes.io/component"] = "control-plane",
        ["app.kubernetes.io/part-of"] = "mesh",
    };

    /// <summary>The Pod (spec only; <see cref="Status"/> goes through the status subresource, as a kubelet writes it).</summary>
    public static V1Pod Build(string ns) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = Name,
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string>(Labels),
            Annotations = new Dictionary<string, string>
            {
                ["kubectl.kubernetes.io/default-container"] = "manager",
                // Why this pod has no node and a loopback IP.
                ["mesh.dev/local-mode"] = "the operator process of mesh-operator local; pods/proxy reaches it on loopback",
            },
        },
        Spec = new V1PodSpec
        {
            ServiceAccountName = XdsServer.Contract.SidecarContract.OperatorServiceAccount,
            Containers =
            [
                new V1Container
                {
                    Name = "manager",
                    Image = "mesh-operator:local",
                    Ports = Ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = "TCP" }).ToList(),
                },
            ],
        },
    };

    public static V1PodStatus Status(DateTime now) => new()
    {
        Phase = "Running",
        PodIP = "127.0.0.1",
        PodIPs = [new V1PodIP { Ip = "127.0.0.1" }],
        HostIP = "127.0.0.1",
        StartTime = now,
        Conditions =
        [
            new V1PodCondition { Type = "Initialized", Status = "True", LastTransitionTime = now },
            new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = now },
            new V1PodCondition { Type = "ContainersReady", Status = "True", LastTransitionTime = now },
            new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = now },
        ],
        ContainerStatuses =
        [
            new V1ContainerStatus
            {
                Name = "manager", Image = "mesh-operator:local", ImageID = "", Ready = true, Started = true, RestartCount = 0,
                State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } },
            },
        ],
    };

    /// <summary>Creates (or replaces) the pod, writes its status and maps its http-metrics port to <paramref name="httpPort"/>.</summary>
    public static async Task RegisterAsync(LocalApiServer api, Kubernetes client, string ns, int httpPort, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        api.PodProxies.Map(ns, Name, Ports[0].Port, new Uri($"http://{IPAddress.Loopback}:{httpPort}"));
        try
        {
            await client.CoreV1.CreateNamespacedPodAsync(Build(ns), ns, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // A pod left by an earlier run on the same API: its status is rewritten below.
        }

        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(Status(time.GetUtcNow().UtcDateTime))) };
        await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), Name, ns, cancellationToken: ct).ConfigureAwait(false);
    }
}
