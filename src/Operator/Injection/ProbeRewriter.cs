using System.Globalization;
using k8s;
using k8s.Models;
using Mesh.Operator.Sidecar;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// Keeps kubelet probes working under Strict mTLS. The kubelet probes from the node without a client certificate, so
/// a probe of a captured app port would be refused. HTTP probes of app containers are rewritten to the proxy's health
/// port (never captured) at <c>/app-health/&lt;container&gt;/livez|readyz|startupz</c>, and the originals kept in an
/// annotation (<see cref="AppProbers"/>) from which the proxy's per-pod <c>--config-yaml</c> routes each probe to 127.0.0.1:&lt;port&gt;
/// (Istio does the same through its agent). Probe headers are not carried over: the kubelet sends them to the proxy, which forwards them.
/// TCP and gRPC probes cannot be routed by path: their ports are excluded from inbound capture instead, which also
/// means that port skips the proxy (and mTLS) for every caller. Exec probes run inside the container: untouched.
/// HTTP probes are rewritten in every mTLS mode, so switching a policy to Strict needs no restart for probes.
/// </summary>
public static class ProbeRewriter
{
    private static readonly (string Field, string Suffix, Func<V1Container, V1Probe?> Get)[] Kinds =
    [
        ("livenessProbe", "livez", c => c.LivenessProbe),
        ("readinessProbe", "readyz", c => c.ReadinessProbe),
        ("startupProbe", "startupz", c => c.StartupProbe),
    ];

    public static ProbeRewrite Rewrite(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var rewritten = new Dictionary<(int, string), V1Probe>();
        var probers = new SortedDictionary<string, AppProber>(StringComparer.Ordinal);
        var excluded = new SortedSet<int>();
        var warnings = new List<string>();
        var containers = pod.Spec?.Containers ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            foreach (var (field, suffix, get) in Kinds)
            {
                var probe = get(container);
                if (probe?.HttpGet is { } http)
                {
                    if (!string.IsNullOrEmpty(http.Host))
                    {
                        continue; // probes another host: the pod's capture is not in the way
                    }
                    if (PortOf(container, http.Port) is not { } port)
                    {
                        warnings.Add($"container \"{container.Name}\" {field}: port \"{http.Port?.Value}\" is not a port of the container; the probe is left as it is and may fail under Strict mTLS");
                        continue;
                    }
                    var path = $"{SidecarContract.AppHealthPrefix}{container.Name}/{suffix}";
                    probers[path] = new AppProber { Port = port, Path = string.IsNullOrEmpty(http.Path) ? "/" : http.Path, Scheme = string.IsNullOrEmpty(http.Scheme) ? "HTTP" : http.Scheme,
                        Headers = http.HttpHeaders is { Count: > 0 } headers ? [.. headers.Select(h => new AppProbeHeader(h.Name, h.Value))] : null,
                    };
                    var copy = KubernetesJson.Deserialize<V1Probe>(KubernetesJson.Serialize(probe));
                    copy.HttpGet = new V1HTTPGetAction
                    {
                        Path = path,
                        Port = (IntOrString)SidecarContract.HealthPort,
                        Scheme = "HTTP",
                    };
                    rewritten[(i, field)] = copy;
                }
                else if (probe?.TcpSocket is { } tcp && string.IsNullOrEmpty(tcp.Host))
                {
                    if (PortOf(container, tcp.Port) is { } port)
                    {
                        excluded.Add(port);
                    }
                    else
                    {
                        warnings.Add($"container \"{container.Name}\" {field}: port \"{tcp.Port?.Value}\" is not a port of the container; it stays captured and the probe may fail under Strict mTLS");
                    }
                }
                else if (probe?.Grpc is { } grpc)
                {
                    excluded.Add(grpc.Port);
                }
            }
        }
        return new ProbeRewrite { Rewritten = rewritten, Probers = probers, ExcludedInboundPorts = [.. excluded], Warnings = warnings };
    }

    /// <summary>A probe port: a number, or the name of one of the container's ports (as the kubelet resolves it).</summary>
    private static int? PortOf(V1Container container, IntOrString? port)
    {
        var value = port?.Value;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 1 and <= 65535 ? number : null;
        }
        return container.Ports?.FirstOrDefault(p => p.Name == value)?.ContainerPort;
    }
}
