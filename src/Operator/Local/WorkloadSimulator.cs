using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Local;

/// <summary>
/// Local mode has no kubelet and no controllers: nothing turns a Deployment into Pods or a Service into endpoints.
/// This pure function says what a cluster would show: <c>replicas</c> Running, Ready Pods per Deployment (deterministic
/// names and addresses from 10.244.0.0/16; no container runs) and one EndpointSlice per Service selecting them.
/// It is a stand-in for the demo and the tests; in a cluster it is never used.
/// </summary>
public static class WorkloadSimulator
{
    public const string ManagedBy = "mesh-local-simulator";
    private const string Zone = "local-a";

    public static SimulatedWorkloads Simulate(IEnumerable<V1Deployment> deployments, IEnumerable<V1Service> services)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentNullException.ThrowIfNull(services);
        var pods = deployments
            .Where(d => d.Metadata.DeletionTimestamp is null)
            .OrderBy(d => d.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(d => d.Metadata.Name, StringComparer.Ordinal)
            .SelectMany(PodsOf)
            .ToList();
        var slices = services
            .Where(s => s.Spec?.Selector is { Count: > 0 })
            .OrderBy(s => s.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(s => s.Metadata.Name, StringComparer.Ordinal)
            .Select(s => SliceOf(s, pods.Where(p => p.Metadata.NamespaceProperty == s.Metadata.NamespaceProperty
                && s.Spec.Selector.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)).ToList()))
            .ToList();
        return new SimulatedWorkloads(pods, slices);
    }

    private static IEnumerable<V1Pod> PodsOf(V1Deployment deployment)
    {
        var template = deployment.Spec.Template;
        var hash = Hash(KubernetesJson.Serialize(template))[..10];
        var replicas = deployment.Spec.Replicas ?? 1;
        for (var i = 0; i < replicas; i++)
        {
            var name = $"{deployment.Metadata.Name}-{hash}-{i}";
            var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>()) { ["pod-template-hash"] = hash };
            yield return new V1Pod
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = deployment.Metadata.NamespaceProperty,
                    Labels = labels,
                    Annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>()),
                    OwnerReferences =
                    [
                        new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = deployment.Metadata.Name, Uid = deployment.Metadata.Uid, Controller = true },
                    ],
                },
                Spec = template.Spec,
                Status = new V1PodStatus
                {
                    Phase = "Running",
                    PodIP = AddressOf($"{deployment.Metadata.NamespaceProperty}/{name}"),
                    Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
                },
            };
        }
    }

    private static V1EndpointSlice SliceOf(V1Service service, IReadOnlyList<V1Pod> pods) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            Name = $"{service.Metadata.Name}-local",
            NamespaceProperty = service.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/service-name"] = service.Metadata.Name,
                ["endpointslice.kubernetes.io/managed-by"] = ManagedBy,
            },
            OwnerReferences = service.Metadata.Uid is null ? null :
            [
                new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = service.Metadata.Name, Uid = service.Metadata.Uid, Controller = true },
            ],
        },
        AddressType = "IPv4",
        Ports = (service.Spec.Ports ?? []).Select(p => new Discoveryv1EndpointPort
        {
            Name = p.Name ?? "",
            Port = TargetPort(p, pods.FirstOrDefault()),
            Protocol = p.Protocol ?? "TCP",
            AppProtocol = p.AppProtocol,
        }).ToList(),
        Endpoints = pods.Select(p => new V1Endpoint
        {
            Addresses = [p.Status.PodIP],
            Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
            Zone = Zone,
            TargetRef = new V1ObjectReference { Kind = "Pod", Name = p.Metadata.Name, NamespaceProperty = p.Metadata.NamespaceProperty },
        }).ToList(),
    };

    /// <summary>A named targetPort resolves through the container ports, as the EndpointSlice controller does.</summary>
    private static int TargetPort(V1ServicePort port, V1Pod? pod)
    {
        var target = port.TargetPort?.Value;
        if (target is null)
        {
            return port.Port;
        }
        if (int.TryParse(target, out var number))
        {
            return number;
        }
        return pod?.Spec?.Containers?.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target)?.ContainerPort ?? port.Port;
    }

    private static string AddressOf(string key)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return $"10.244.{bytes[0]}.{Math.Max((int)bytes[1], 1)}";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
