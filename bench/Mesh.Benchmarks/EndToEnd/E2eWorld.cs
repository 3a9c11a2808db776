using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Contract;

namespace Mesh.Benchmarks.EndToEnd;

/// <summary>
/// The harness's mesh, written through the API: 10 namespaces, each with one MeshPolicy governing its services (the
/// first with a 90/10 split to the second), services of one HTTP port with an EndpointSlice of 10 ready endpoints,
/// and the sidecars' Pods (Running, Ready, with an IP) spread over the namespaces and services, all of ServiceAccount
/// <see cref="Account"/>.
/// </summary>
internal sealed class E2eWorld(KubeApi api, int services, int pods, bool scoped = false)
{
    public const int Namespaces = 10;
    public const string Account = "workload";

    public int ServicesPerNamespace => services / Namespaces;

    public static string Ns(int k) => $"ns-{k}";

    public string Service(int k, int i) => $"svc-{k}-{i}";

    public (string Ns, string Name, string Ip) Pod(int j) => (Ns(j % Namespaces), $"pod-{j}", $"10.200.{j / 250}.{j % 250}");

    public string NodeId(int j) => SidecarContract.NodeId(Pod(j).Ip, Pod(j).Name, Pod(j).Ns);

    /// <summary>Every outbound cluster a sidecar subscribes to on EDS.</summary>
    public IReadOnlyList<string> EdsNames() =>
        Enumerable.Range(0, Namespaces).SelectMany(EdsNamesIn).ToArray();

    /// <summary>With <c>scoped</c> every policy lists <c>./*</c> under egress.services: its sidecars see their namespace only.</summary>
    public bool Scoped => scoped;

    /// <summary>The EDS names of namespace k's services.</summary>
    public IReadOnlyList<string> EdsNamesIn(int k) =>
        Enumerable.Range(0, ServicesPerNamespace).Select(i => $"outbound|8080||{Service(k, i)}.{Ns(k)}.svc.cluster.local").ToArray();

    public async Task CreateAsync(CancellationToken ct)
    {
        for (var k = 0; k < Namespaces; k++)
        {
            await api.CreateAsync(ResourceKinds.Namespace, new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = Ns(k) } }, ct);
            await api.CreateAsync(ResourceKinds.MeshPolicy, new MeshPolicy { Metadata = new V1ObjectMeta { Name = "mesh", NamespaceProperty = Ns(k) }, Spec = Spec(k, 90) }, ct);
        }
        var work = Enumerable.Range(0, services).Select(n => (Func<Task>)(() => CreateServiceAsync(n / ServicesPerNamespace, n % ServicesPerNamespace, ct)))
            .Concat(Enumerable.Range(0, pods).Select(j => (Func<Task>)(() => CreatePodAsync(j, ct))));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (w, _) => await w());
    }

    /// <summary>The policy of namespace k: every service governed, the first split weight/100-weight to the second.</summary>
    public MeshPolicySpec Spec(int k, int weight) => new()
    {
        Services = Enumerable.Range(0, ServicesPerNamespace).Select(i => new ServicePolicy
        {
            Name = Service(k, i),
            Routes = i == 0
                ? [new RouteRule { Name = "split", Backends = [new RouteBackend { Service = Service(k, 0), Weight = weight }, new RouteBackend { Service = Service(k, 1), Weight = 100 - weight }] }]
                : null,
        }).ToList(),
        Egress = scoped ? new EgressSpec { Services = ["./*"] } : null,
    };

    /// <summary>S3's edit: the weights of namespace k's split, through a merge patch of spec.services.</summary>
    public Task EditWeightsAsync(int k, int weight, CancellationToken ct) =>
        api.MergePatchAsync<MeshPolicy>(ResourceKinds.MeshPolicy, ObjectKey.Create(Ns(k), "mesh"),
            new JsonObject { ["spec"] = JsonNode.Parse(KubernetesJson.Serialize(Spec(k, weight))) }.ToJsonString(), null, ct);

    private async Task CreateServiceAsync(int k, int i, CancellationToken ct)
    {
        await api.CreateAsync(ResourceKinds.Service, new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = Service(k, i), NamespaceProperty = Ns(k) },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["app"] = Service(k, i) },
                Ports = [new V1ServicePort { Name = "http", Port = 8080, Protocol = "TCP", AppProtocol = "http" }],
                ClusterIP = $"10.96.{k + 1}.{i + 1}", // not 10.96.0.0: the network address of the service range is refused, as kube-apiserver does
            },
        }, ct);
        await api.CreateAsync(ResourceKinds.EndpointSlice, Slice(k, i, null, null), ct);
    }

    /// <summary>The slice of service (k, i); endpoint 0 at <paramref name="marker"/> when given (an endpoint change).</summary>
    public V1EndpointSlice Slice(int k, int i, string? marker, string? resourceVersion) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            Name = $"{Service(k, i)}-slice",
            NamespaceProperty = Ns(k),
            ResourceVersion = resourceVersion,
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = Service(k, i) },
        },
        AddressType = "IPv4",
        Endpoints = Enumerable.Range(0, 10).Select(e => new V1Endpoint
        {
            Addresses = [e == 0 && marker is not null ? marker : $"10.{k}.{i}.{e + 1}"],
            Conditions = new V1EndpointConditions { Ready = true },
        }).ToList(),
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    /// <summary>An endpoint change written through the API (a replace of the service's slice).</summary>
    public async Task ChangeEndpointAsync(int k, int i, string marker, CancellationToken ct)
    {
        var current = await api.GetAsync<V1EndpointSlice>(ResourceKinds.EndpointSlice, ObjectKey.Create(Ns(k), $"{Service(k, i)}-slice"), ct);
        await api.ReplaceAsync(ResourceKinds.EndpointSlice, Slice(k, i, marker, current?.Metadata.ResourceVersion), ct);
    }

    private async Task CreatePodAsync(int j, CancellationToken ct)
    {
        var (ns, name, ip) = Pod(j);
        var k = j % Namespaces;
        var i = j / Namespaces % ServicesPerNamespace;
        await api.CreateAsync(ResourceKinds.Pod, new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = Service(k, i) } },
            Spec = new V1PodSpec { ServiceAccountName = Account, Containers = [new V1Container { Name = "app", Image = "example.com/app:1" }] },
        }, ct);
        var status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = ip,
            PodIPs = [new V1PodIP { Ip = ip }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
        };
        await api.MergePatchAsync<V1Pod>(ResourceKinds.Pod, ObjectKey.Create(ns, name),
            new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) }.ToJsonString(), "status", ct);
    }

    public static string Percent(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
