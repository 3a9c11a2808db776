using System.Net;
using k8s;
using k8s.Autorest;
using Mesh.Meshctl.Cli;
using Mesh.Meshctl.Kube;

namespace Mesh.Meshctl.Proxies;

/// <summary>Every proxy connected to any operator replica, and the one of a given pod (or a one-line failure saying why there is none).</summary>
internal sealed class ProxyDirectory(ControlPlaneClient controlPlane)
{
    public async Task<IReadOnlyList<ProxyEntry>> AllAsync(CancellationToken ct)
    {
        var result = new List<ProxyEntry>();
        foreach (var replica in await controlPlane.ReplicasAsync(ct).ConfigureAwait(false))
        {
            var (status, body) = await controlPlane.GetAsync(replica, "debug/xds/proxies", ct).ConfigureAwait(false);
            if (status != HttpStatusCode.OK)
            {
                throw new CommandFailure($"the operator pod {replica.Name} answered {(int)status} to /debug/xds/proxies (it serves no xDS?); check its arguments (--xds-tls-port) and logs.");
            }
            result.AddRange(ProxyEntry.Parse(replica.Name, body));
        }
        return result.OrderBy(p => p.DisplayName, StringComparer.Ordinal).ThenBy(p => p.ConnectedAt, StringComparer.Ordinal).ToList();
    }

    /// <summary>The newest stream of <paramref name="pod"/>; fails naming the problem when the pod does not exist or has no proxy connected.</summary>
    public async Task<ProxyEntry> OfAsync(PodName pod, CancellationToken ct)
    {
        var all = await AllAsync(ct).ConfigureAwait(false);
        if (all.LastOrDefault(p => p.Pod == pod) is { } found)
        {
            return found;
        }
        await RequirePodAsync(pod, ct).ConfigureAwait(false);
        var asked = string.Join(", ", all.Select(p => p.Replica).Distinct());
        throw new CommandFailure($"pod {pod.Namespace}/{pod.Name} has no proxy connected to the operator{(asked.Length > 0 ? $" ({asked})" : "")}; meshctl describe pod {pod} shows its sidecar state (the policy, the injection).");
    }

    /// <summary>Fails with the fix when the pod does not exist.</summary>
    public async Task<k8s.Models.V1Pod> RequirePodAsync(PodName pod, CancellationToken ct)
    {
        var client = controlPlane.Client;
        try
        {
            return await KubeClientFactory.Call(client, $"get pods in {pod.Namespace}",
                () => client.CoreV1.ReadNamespacedPodAsync(pod.Name, pod.Namespace, cancellationToken: ct)).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new CommandFailure($"pod {pod.Name} not found in namespace {pod.Namespace}; kubectl get pods -n {pod.Namespace} lists its pods (give POD.NAMESPACE).");
        }
    }
}
