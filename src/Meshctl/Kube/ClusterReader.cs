using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Mesh.Meshctl.Analysis;
using Mesh.Meshctl.Cli;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;

namespace Mesh.Meshctl.Kube;

/// <summary>
/// Reads the live objects analyze needs through the user's kubeconfig: every MeshPolicy the user may list, and the
/// Services, EndpointSlices, Pods and ServiceAccounts of the namespaces those (and <paramref name="alsoNamespaces"/>) are in.
/// With <c>onlyNamespace</c>, policies are listed in that namespace only: a user whose RBAC stops at one namespace can
/// still analyze it.
/// </summary>
internal static class ClusterReader
{
    public static async Task<ManifestSet> ReadAsync(Kubernetes client, string? onlyNamespace, IEnumerable<string> alsoNamespaces, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var set = new ManifestSet();
        JsonElement list;
        try
        {
            list = await KubeClientFactory.Call(client, onlyNamespace is null ? "list meshpolicies in all namespaces (use -n NAMESPACE for one)" : $"list meshpolicies in {onlyNamespace}", async () => (JsonElement)(onlyNamespace is null
                ? await client.CustomObjects.ListClusterCustomObjectAsync(MeshPolicy.KubeGroup, MeshPolicy.KubeApiVersion, MeshPolicy.KubePluralName, cancellationToken: ct).ConfigureAwait(false)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync(MeshPolicy.KubeGroup, MeshPolicy.KubeApiVersion, onlyNamespace, MeshPolicy.KubePluralName, cancellationToken: ct).ConfigureAwait(false)))
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new CommandFailure("the API server does not serve meshpolicies.mesh.dev (the CRD is not installed); install it with kubectl apply -k config/default, then run meshctl check.");
        }
        foreach (var policy in KubernetesJson.Deserialize<MeshPolicyList>(list.GetRawText()).Items ?? [])
        {
            set.Policies[ManifestSet.Key(policy)] = new PolicySource
            {
                Namespace = policy.Metadata.NamespaceProperty,
                Name = policy.Metadata.Name,
                Policy = policy,
                Origin = "cluster",
            };
        }

        var namespaces = set.Policies.Values.Select(p => p.Namespace).Concat(alsoNamespaces).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            foreach (var s in (await KubeClientFactory.Call(client, $"list services in {ns}", () => client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: ct)).ConfigureAwait(false)).Items)
            {
                set.Services[ManifestSet.Key(s)] = s;
            }
            foreach (var s in (await KubeClientFactory.Call(client, $"list endpointslices in {ns}", () => client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, cancellationToken: ct)).ConfigureAwait(false)).Items)
            {
                set.EndpointSlices[ManifestSet.Key(s)] = s;
            }
            foreach (var p in (await KubeClientFactory.Call(client, $"list pods in {ns}", () => client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct)).ConfigureAwait(false)).Items)
            {
                set.Pods[ManifestSet.Key(p)] = p;
            }
            foreach (var a in (await KubeClientFactory.Call(client, $"list serviceaccounts in {ns}", () => client.CoreV1.ListNamespacedServiceAccountAsync(ns, cancellationToken: ct)).ConfigureAwait(false)).Items)
            {
                set.ServiceAccounts[ManifestSet.Key(a)] = a;
            }
        }
        return set;
    }

    /// <summary>
    /// Looks up the Services of other namespaces that the set's policies (live or from files) name in
    /// <c>egress.services</c>, so that a missing one is reported as the operator reports it. A Service in the set (a
    /// file about to be applied) counts as existing; one the user may not read is not reported (it cannot be judged).
    /// </summary>
    public static async Task LookUpServicesNamedElsewhereAsync(Kubernetes client, ManifestSet set, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(set);
        var named = set.Policies.Values
            .Where(p => p.Policy is not null)
            .GroupBy(p => p.Namespace, StringComparer.Ordinal)
            .SelectMany(g => EgressServiceEntries.NamedElsewhere(g.Select(p => p.Policy!), g.Key))
            .Distinct()
            .OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ns, name) in named)
        {
            var key = ManifestSet.Key(ns, name);
            if (set.Services.ContainsKey(key) || await ServiceMayExistAsync(client, ns, name, ct).ConfigureAwait(false))
            {
                found.Add(key);
            }
        }

        set.ServicesNamedElsewhere = found;
    }

    private static async Task<bool> ServiceMayExistAsync(Kubernetes client, string ns, string name, CancellationToken ct)
    {
        try
        {
            await KubeClientFactory.Call(client, $"get service {name} in {ns}", () => client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct)).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (CommandFailure e) when (e.Forbidden)
        {
            return true;
        }
    }
}
