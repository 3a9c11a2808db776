using System.Globalization;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>The containers and volumes the injector adds, built from a template and the pod (pure).</summary>
public static class SidecarContainers
{
    public const string CertificateVolume = "mesh-certs";
    public const string BootstrapVolume = "mesh-bootstrap";
    public const string TmpVolume = "mesh-proxy-tmp";

    /// <summary>The capture init container: root with NET_ADMIN and NET_RAW only, for the few milliseconds the rules take.</summary>
    public static V1Container Capture(SidecarTemplate template, IReadOnlyList<string> args) => new()
    {
        Name = SidecarContract.CaptureContainerName,
        Image = template.OperatorImage,
        Args = [.. args],
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("32Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") },
        },
        SecurityContext = new V1SecurityContext
        {
            RunAsUser = 0,
            RunAsGroup = 0,
            RunAsNonRoot = false,
            Privileged = false,
            AllowPrivilegeEscalation = false,
            ReadOnlyRootFilesystem = true,
            Capabilities = new V1Capabilities { Add = ["NET_ADMIN", "NET_RAW"], Drop = ["ALL"] },
        },
    };

    /// <summary>
    /// The Envoy proxy. Node id and cluster come from flags (one bootstrap file per namespace serves every pod); the
    /// kubelet expands <c>$(VAR)</c> from the downward-API env. The preStop hook asks the admin (127.0.0.1 only, so
    /// an httpGet hook from the kubelet cannot reach it) for a graceful inbound drain through bash's /dev/tcp: the
    /// Envoy image has bash but no curl, and no sleep is needed because Envoy drains for --drain-time-s on its own.
    /// </summary>
    internal static V1Container Proxy(SidecarTemplate template, V1Pod pod, string @namespace, IReadOnlyDictionary<string, Sidecar.AppProber> probers)
    {
        var container = new V1Container
        {
            Name = SidecarContract.ProxyContainerName,
            Image = template.ProxyImage,
            Command = ["envoy"],
            Args = [.. Sidecar.ProxyArguments.For(probers, ServiceClusterOf(pod, @namespace))],
            Env =
            [
                FieldEnv("POD_NAME", "metadata.name"),
                FieldEnv("POD_NAMESPACE", "metadata.namespace"),
                FieldEnv("POD_IP", "status.podIP"),
                FieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName"),
                FieldEnv("NODE_NAME", "spec.nodeName"),
            ],
            Ports =
            [
                new V1ContainerPort { Name = "mesh-health", ContainerPort = SidecarContract.HealthPort, Protocol = "TCP" },
                new V1ContainerPort { Name = "http-envoy-prom", ContainerPort = SidecarContract.StatsPort, Protocol = "TCP" },
            ],
            Resources = new V1ResourceRequirements
            {
                Requests = template.Requests.ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value)),
                Limits = template.Limits.Count == 0 ? null : template.Limits.ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value)),
            },
            SecurityContext = new V1SecurityContext
            {
                RunAsUser = SidecarContract.ProxyUid,
                RunAsGroup = SidecarContract.ProxyGid,
                RunAsNonRoot = true,
                Privileged = false,
                ReadOnlyRootFilesystem = true,
                AllowPrivilegeEscalation = false,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
            },
            // Gates the app containers (native sidecar): they start once Envoy has its config.
            StartupProbe = HealthProbe(periodSeconds: 1, failureThreshold: 600),
            ReadinessProbe = HealthProbe(periodSeconds: 5, failureThreshold: 3),
            Lifecycle = new V1Lifecycle
            {
                PreStop = new V1LifecycleHandler
                {
                    Exec = new V1ExecAction
                    {
                        Command =
                        [
                            "bash", "-c",
                            string.Create(CultureInfo.InvariantCulture,
                                $"exec 3<>/dev/tcp/127.0.0.1/{SidecarContract.AdminPort} && printf 'POST /drain_listeners?graceful&inboundonly HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3 >/dev/null"),
                        ],
                    },
                },
            },
            VolumeMounts =
            [
                new V1VolumeMount { Name = CertificateVolume, MountPath = SidecarContract.CertificateDirectory, ReadOnlyProperty = true },
                new V1VolumeMount { Name = BootstrapVolume, MountPath = SidecarContract.BootstrapDirectory, ReadOnlyProperty = true },
                new V1VolumeMount { Name = TmpVolume, MountPath = "/tmp" },
            ],
        };
        if (template.Native)
        {
            container.RestartPolicy = "Always";
        }
        return container;
    }

    /// <summary>
    /// The certificate Secret (optional: it is issued once the operator sees the pod, and kubelet mounts it when it
    /// appears; Envoy's SDS watches the directory), the namespace's bootstrap, and a writable /tmp.
    /// </summary>
    public static IReadOnlyList<V1Volume> Volumes(V1Pod pod) =>
    [
        new V1Volume
        {
            Name = CertificateVolume,
            Secret = new V1SecretVolumeSource { SecretName = WorkloadSecretNames.For(ServiceAccountOf(pod)), Optional = true },
        },
        new V1Volume
        {
            Name = BootstrapVolume,
            ConfigMap = new V1ConfigMapVolumeSource { Name = SidecarContract.BootstrapConfigMap },
        },
        new V1Volume { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource() },
    ];

    /// <summary>The ServiceAccount admission plugin fills it before webhooks run; "default" is what it would fill.</summary>
    public static string ServiceAccountOf(V1Pod pod) =>
        pod.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default";

    /// <summary>Envoy's --service-cluster: the pod's app name (app.kubernetes.io/name, then app), else its namespace.</summary>
    public static string ServiceClusterOf(V1Pod pod, string @namespace)
    {
        var labels = pod.Metadata?.Labels;
        return labels?.TryGetValue("app.kubernetes.io/name", out var name) == true && name.Length > 0 ? name
            : labels?.TryGetValue("app", out var app) == true && app.Length > 0 ? app
            : @namespace;
    }

    private static V1EnvVar FieldEnv(string name, string path) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };

    private static V1Probe HealthProbe(int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction
        {
            Path = SidecarContract.ReadinessPath,
            Port = (IntOrString)SidecarContract.HealthPort,
            Scheme = "HTTP",
        },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = 1,
    };
}
