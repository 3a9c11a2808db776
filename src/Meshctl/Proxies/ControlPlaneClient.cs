using System.Globalization;
using System.Net;
using k8s;
using k8s.Models;
using Mesh.Meshctl.Checks;
using Mesh.Meshctl.Cli;
using Mesh.Meshctl.Kube;

namespace Mesh.Meshctl.Proxies;

/// <summary>
/// Reaches the operator replicas only through the Kubernetes API with the user's credentials: lists the operator pods
/// (config/manager's labels) and GETs their debug endpoints through <c>pods/proxy</c>, never an unauthenticated port.
/// Proxies spread over replicas, so every replica is asked.
/// </summary>
internal sealed class ControlPlaneClient(Kubernetes client)
{
    public const string Selector = "app.kubernetes.io/name=mesh-operator";

    /// <summary>The named container port of /metrics, /healthz and /debug/xds in config/manager.</summary>
    private const string HttpPortName = "http-metrics";
    private const int DefaultHttpPort = 8080;

    public Kubernetes Client => client;

    /// <summary>The Running and Ready operator pods, by name; a one-line failure when there is none.</summary>
    public async Task<IReadOnlyList<OperatorReplica>> ReplicasAsync(CancellationToken ct)
    {
        var ns = ControlPlaneNames.Namespace;
        var pods = await KubeClientFactory.Call(client, $"list pods in {ns}",
            () => client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: Selector, cancellationToken: ct)).ConfigureAwait(false);
        if (pods.Items.Count == 0)
        {
            throw new CommandFailure($"no operator pod in {ns} (label {Selector}), so no proxy status can be read; install Mesh (kubectl apply -k config/default) or start mesh-operator local, then run meshctl check.");
        }
        var ready = pods.Items.Where(IsReady).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
        if (ready.Count == 0)
        {
            var names = string.Join(", ", pods.Items.Select(p => $"{p.Metadata.Name} ({p.Status?.Phase ?? "no status"})"));
            throw new CommandFailure($"no operator pod in {ns} is Running and Ready ({names}); kubectl -n {ns} describe pod and the pods' logs say why.");
        }
        return ready.Select(p => new OperatorReplica(p.Metadata.Name, HttpPortOf(p))).ToList();
    }

    /// <summary>GET /api/v1/namespaces/mesh-system/pods/NAME:PORT/proxy/PATH: the status and body, or a one-line failure when the API refuses or the pod does not answer.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(OperatorReplica replica, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var ns = ControlPlaneNames.Namespace;
        var segments = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        // Appended, not resolved: a server URL with a path (a proxy in front of the API) keeps it.
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{client.BaseUri.ToString().TrimEnd('/')}/api/v1/namespaces/{ns}/pods/{replica.Name}:{replica.HttpPort}/proxy/{segments}"));
        var what = $"get pods/proxy of {ns}/{replica.Name} ({path})";
        var (status, body) = await KubeClientFactory.Call(client, what, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            if (client.Credentials is not null)
            {
                await client.Credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
            }
            using var response = await client.HttpClient.SendAsync(request, ct).ConfigureAwait(false);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }).ConfigureAwait(false);
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new CommandFailure($"the API server refused to {what} ({(int)status} {status}); ask for RBAC that allows get on pods/proxy in {ns} (config/rbac/meshctl_user_role.yaml), or use a kubeconfig that has it.") { Forbidden = true };
        }
        if (ApiStatus.Of(body) is { } apiError)
        {
            // The API server itself answered (pod gone, unreachable): not the operator.
            throw new CommandFailure($"the operator pod {ns}/{replica.Name} did not answer {path} through pods/proxy ({(int)status}: {apiError}); check that it runs (kubectl -n {ns} logs {replica.Name}) and retry.");
        }
        return (status, body);
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null
        && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static int HttpPortOf(V1Pod pod) =>
        pod.Spec?.Containers?.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == HttpPortName)?.ContainerPort ?? DefaultHttpPort;
}
