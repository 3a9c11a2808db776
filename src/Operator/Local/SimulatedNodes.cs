using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Mesh.Operator.Local;

/// <summary>
/// The Nodes local mode registers in place of kubelets: three, one per zone of one region, labelled as cloud
/// providers label them (topology.kubernetes.io/zone and region, kubernetes.io/hostname), Ready. Simulated pods are
/// placed on them, so their EndpointSlice endpoints carry nodeName and zone as the EndpointSlice controller writes them.
/// </summary>
public static class SimulatedNodes
{
    public const string Region = "local";
    public const string ZoneLabel = Planning.NodeZones.ZoneLabel;
    public const string RegionLabel = "topology.kubernetes.io/region";

    /// <summary>Node name -> zone, in placement order.</summary>
    public static IReadOnlyList<(string Name, string Zone)> All { get; } =
    [
        ("local-node-a", "local-a"),
        ("local-node-b", "local-b"),
        ("local-node-c", "local-c"),
    ];

    /// <summary>The zone of a simulated node, or null for a name that is not one.</summary>
    public static string? ZoneOf(string? node) => All.FirstOrDefault(n => n.Name == node).Zone;

    /// <summary>
    /// Where replica <paramref name="index"/> of a workload runs: the workload's replicas start on a node picked by
    /// its name and go round the zones, as a topology spread would place them; stable across restarts.
    /// </summary>
    public static string NodeFor(string workloadKey, int index)
    {
        var start = SHA256.HashData(Encoding.UTF8.GetBytes(workloadKey))[0];
        return All[(start + index) % All.Count].Name;
    }

    /// <summary>The Node object without status (created first), and its status (written through /status).</summary>
    public static (V1Node Node, V1NodeStatus Status) Object(string name, string zone) => (
        new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    [ZoneLabel] = zone,
                    [RegionLabel] = Region,
                    ["mesh.dev/simulated"] = "true",
                },
            },
        },
        new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "simulated by mesh-operator local" }],
            Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = $"10.89.0.{All.ToList().FindIndex(n => n.Name == name) + 2}" },
                new V1NodeAddress { Type = "Hostname", Address = name },
            ],
            Capacity = Resources(),
            Allocatable = Resources(),
            NodeInfo = new V1NodeSystemInfo
            {
                KubeletVersion = "v1.32.0",
                KubeProxyVersion = "v1.32.0",
                OperatingSystem = "linux",
                Architecture = "amd64",
                ContainerRuntimeVersion = "simulated://0",
                OsImage = "mesh-operator local",
                KernelVersion = "",
                BootID = "",
                MachineID = "",
                SystemUUID = "",
            },
        });

    private static Dictionary<string, ResourceQuantity> Resources() => new()
    {
        ["cpu"] = new ResourceQuantity("4"),
        ["memory"] = new ResourceQuantity("16Gi"),
        ["pods"] = new ResourceQuantity("110"),
    };
}
