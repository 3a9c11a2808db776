using Mesh.Operator.Planning;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// The pure injector: a pod as the API server sent it, the MeshPolicies of its namespace -> the JSON Patch that adds the
/// sidecar. Order in spec.initContainers: the capture container first, then the proxy (native sidecar), then the user's
/// own init containers, so that their traffic is captured and proxied too.
/// </summary>
public static class SidecarInjector
{
    /// <param name="podJson">The pod exactly as received (the patch's paths index into it).</param>
    /// <param name="namespace">The request's namespace (a pod being created may not carry one yet).</param>
    /// <param name="namespacePolicies">The MeshPolicies of that namespace, from the informer cache.</param>
    /// <param name="options">Operator defaults (images).</param>
    public static InjectionResult Inject(JsonObject podJson, string @namespace, IEnumerable<MeshPolicy> namespacePolicies, InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(podJson);
        ArgumentNullException.ThrowIfNull(namespacePolicies);
        ArgumentNullException.ThrowIfNull(options);
        var pod = KubernetesJson.Deserialize<V1Pod>(podJson.ToJsonString());
        pod.Metadata ??= new V1ObjectMeta();
        pod.Spec ??= new V1PodSpec();

        if (OptedOut(pod))
        {
            return new InjectionResult { Outcome = InjectionOutcome.OptedOut };
        }
        if (IsInjected(pod))
        {
            return new InjectionResult { Outcome = InjectionOutcome.AlreadyInjected };
        }
        var policy = GoverningPolicy.Of(pod.Metadata.Labels, namespacePolicies);
        if (policy is null)
        {
            return new InjectionResult { Outcome = InjectionOutcome.NoPolicy };
        }
        var template = SidecarTemplate.For(policy, options);
        if (ProxylessInjection.Requested(pod))
        {
            return InjectProxyless(podJson, pod, policy, template);
        }

        var blockers = InjectionBlockers.Find(pod).Concat(VolumeClashes(pod)).ToList();
        if (blockers.Count > 0)
        {
            return new InjectionResult
            {
                Outcome = InjectionOutcome.Blocked,
                PolicyName = policy.Metadata.Name,
                Template = template,
                Warnings = blockers.Select(b => $"mesh: MeshPolicy {@namespace}/{policy.Metadata.Name} selects this pod, but it was admitted without a sidecar: {b}.").ToList(),
            };
        }

        if (podJson["spec"] is not JsonObject)
        {
            return new InjectionResult
            {
                Outcome = InjectionOutcome.Blocked,
                PolicyName = policy.Metadata.Name,
                Template = template,
                Warnings = ["mesh: the pod has no spec; it was admitted without a sidecar."],
            };
        }

        var probes = ProbeRewriter.Rewrite(pod);
        var capture = SidecarContainers.Capture(template, CaptureAnnotations.Arguments(pod.Metadata.Annotations, probes.ExcludedInboundPorts));
        var proxy = SidecarContainers.Proxy(template, pod, @namespace, probes.Probers);
        var patch = new JsonArray();
        if (podJson["metadata"] is not JsonObject)
        {
            patch.Add(Op("add", "/metadata", new JsonObject()));
        }

        var annotations = new Dictionary<string, string>
        {
            [SidecarContract.TemplateHashAnnotation] = template.Hash,
            [SidecarContract.PolicyAnnotation] = policy.Metadata.Name,
        };
        if (probes.Probers.Count > 0)
        {
            annotations[SidecarContract.AppProbersAnnotation] = Sidecar.AppProbers.Serialize(probes.Probers);
        }
        AddToMap(patch, podJson["metadata"]?["labels"], "/metadata/labels", new Dictionary<string, string> { [SidecarContract.TlsModeLabel] = SidecarContract.TlsModeMesh });
        AddToMap(patch, podJson["metadata"]?["annotations"], "/metadata/annotations", annotations);

        var front = template.Native ? new[] { capture, proxy } : [capture];
        if (podJson["spec"]?["initContainers"] is JsonArray { Count: > 0 })
        {
            for (var i = 0; i < front.Length; i++)
            {
                patch.Add(Op("add", $"/spec/initContainers/{i}", Json(front[i])));
            }
        }
        else
        {
            patch.Add(Op("add", "/spec/initContainers", new JsonArray(front.Select(c => Json(c)).ToArray())));
        }

        foreach (var ((container, field), probe) in probes.Rewritten.OrderBy(r => r.Key.Container).ThenBy(r => r.Key.Field, StringComparer.Ordinal))
        {
            patch.Add(Op("replace", $"/spec/containers/{container}/{field}", Json(probe)));
        }
        if (!template.Native)
        {
            patch.Add(Op("add", "/spec/containers/-", Json(proxy)));
        }

        var volumes = SidecarContainers.Volumes(pod);
        if (podJson["spec"]?["volumes"] is JsonArray)
        {
            foreach (var volume in volumes)
            {
                patch.Add(Op("add", "/spec/volumes/-", Json(volume)));
            }
        }
        else
        {
            patch.Add(Op("add", "/spec/volumes", new JsonArray(volumes.Select(v => Json(v)).ToArray())));
        }

        return new InjectionResult
        {
            Outcome = InjectionOutcome.Injected,
            Patch = patch,
            PolicyName = policy.Metadata.Name,
            Template = template,
            Warnings = probes.Warnings.Select(w => $"mesh: {w}.").ToList(),
        };
    }

    /// <summary>proxy.mesh.dev/mode: proxyless-grpc: the gRPC bootstrap and the certificate volume, no proxy, no capture.</summary>
    private static InjectionResult InjectProxyless(JsonObject podJson, V1Pod pod, MeshPolicy policy, SidecarTemplate template)
    {
        if (ProxylessInjection.IsInjected(pod))
        {
            return new InjectionResult { Outcome = InjectionOutcome.AlreadyInjected };
        }

        var clashes = VolumeClashes(pod).ToList();
        if (podJson["spec"] is not JsonObject || clashes.Count > 0)
        {
            return new InjectionResult
            {
                Outcome = InjectionOutcome.Blocked,
                PolicyName = policy.Metadata.Name,
                Template = template,
                Warnings = clashes.DefaultIfEmpty("the pod has no spec")
                    .Select(b => $"mesh: MeshPolicy {policy.Metadata.NamespaceProperty}/{policy.Metadata.Name} selects this proxyless gRPC pod, but it was admitted without its xDS bootstrap: {b}.").ToList(),
            };
        }

        var patch = new JsonArray();
        if (podJson["metadata"] is not JsonObject)
        {
            patch.Add(Op("add", "/metadata", new JsonObject()));
        }

        if (MeshPolicyDefaults.MtlsModeOf(policy.Spec) == MtlsMode.Strict)
        {
            // A Strict proxyless server takes TLS only, so sidecars must originate mTLS to it (the label marks its
            // endpoints meshed); a Permissive one serves plaintext only (gRPC cannot sniff TLS) and must stay unlabelled.
            AddToMap(patch, podJson["metadata"]?["labels"], "/metadata/labels", new Dictionary<string, string> { [SidecarContract.TlsModeLabel] = SidecarContract.TlsModeMesh });
        }

        AddToMap(patch, podJson["metadata"]?["annotations"], "/metadata/annotations", new Dictionary<string, string>
        {
            [SidecarContract.TemplateHashAnnotation] = template.Hash,
            [SidecarContract.PolicyAnnotation] = policy.Metadata.Name,
        });
        foreach (var op in ProxylessInjection.ContainerOps(podJson, pod, e => Json(e), m => Json(m)))
        {
            patch.Add(op);
        }

        var certificates = SidecarContainers.Volumes(pod).Where(v => v.Name == SidecarContainers.CertificateVolume).Select(v => Json(v)).ToArray();
        patch.Add(podJson["spec"]?["volumes"] is JsonArray
            ? Op("add", "/spec/volumes/-", certificates[0])
            : Op("add", "/spec/volumes", new JsonArray(certificates)));
        return new InjectionResult { Outcome = InjectionOutcome.Injected, Patch = patch, PolicyName = policy.Metadata.Name, Template = template };
    }

    /// <summary>True when the pod carries the proxy or the capture container (whoever put it there).</summary>
    public static bool IsInjected(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return InjectionBlockers.AllContainers(pod).Any(c => c.Name is SidecarContract.ProxyContainerName or SidecarContract.CaptureContainerName);
    }

    /// <summary>
    /// The annotation <c>sidecar.mesh.dev/inject: "false"</c>; the label of the same name works too (and, being a
    /// label, also keeps the pod away from the webhook through the configuration's objectSelector).
    /// </summary>
    public static bool OptedOut(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return IsFalse(pod.Metadata?.Annotations) || IsFalse(pod.Metadata?.Labels);

        static bool IsFalse(IDictionary<string, string>? map) =>
            map?.TryGetValue(SidecarContract.InjectAnnotation, out var value) == true && string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> VolumeClashes(V1Pod pod)
    {
        var ours = new[] { SidecarContainers.CertificateVolume, SidecarContainers.BootstrapVolume, SidecarContainers.TmpVolume };
        return (pod.Spec?.Volumes ?? []).Where(v => ours.Contains(v.Name))
            .Select(v => $"the pod already has a volume named \"{v.Name}\", which the sidecar needs; rename it");
    }

    private static void AddToMap(JsonArray patch, JsonNode? existing, string path, Dictionary<string, string> entries)
    {
        if (existing is JsonObject)
        {
            foreach (var (key, value) in entries)
            {
                patch.Add(Op("add", $"{path}/{Escape(key)}", value));
            }
        }
        else
        {
            var map = new JsonObject();
            foreach (var (key, value) in entries)
            {
                map[key] = value;
            }
            patch.Add(Op("add", path, map));
        }
    }

    /// <summary>RFC 6901: '~' is '~0' and '/' is '~1' inside a reference token.</summary>
    internal static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonObject Op(string op, string path, JsonNode value) => new() { ["op"] = op, ["path"] = path, ["value"] = value };

    private static JsonNode Json<T>(T model) => JsonNode.Parse(KubernetesJson.Serialize(model))!;
}
