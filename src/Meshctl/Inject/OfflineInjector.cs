using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;

namespace Mesh.Meshctl.Inject;

/// <summary>What <see cref="OfflineInjector.Inject"/> produced: the manifests, and one note per workload it looked at.</summary>
internal sealed record InjectOutput(string Yaml, IReadOnlyList<string> Notes, int PodTemplates);

/// <summary>
/// Pure: the operator's own injector (<see cref="SidecarInjector"/>) run offline over the pod templates of
/// Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and Pods, as the webhook would run it on each pod
/// they create (like istioctl kube-inject). The governing MeshPolicy is chosen among <c>policies</c> of the
/// workload's namespace exactly as at admission. Documents without a pod template, and workloads no policy selects or
/// already injected, are written back unchanged, so the output injects to itself.
/// </summary>
internal static class OfflineInjector
{
    public const string DefaultNamespace = "default";

    public static InjectOutput Inject(string yaml, string origin, IReadOnlyList<MeshPolicy> policies, InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(options);
        var output = new List<string>();
        var notes = new List<string>();
        var templates = 0;
        foreach (var text in ManifestDocuments.Split(yaml))
        {
            if (YamlToJson.Convert(text) is not JsonObject document || Template(document) is not { } found)
            {
                output.Add(text);
                continue;
            }
            templates++;
            var kind = (string?)document["kind"];
            var name = (string?)document["metadata"]?["name"] ?? "<no name>";
            var ns = (string?)document["metadata"]?["namespace"] ?? DefaultNamespace;
            var what = $"{origin}: {kind} {ns}/{name}";
            var pod = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = found.Template["metadata"]?.DeepClone() ?? new JsonObject(),
                ["spec"] = found.Template["spec"]?.DeepClone(),
            };
            var result = SidecarInjector.Inject(pod, ns, policies.Where(p => p.Metadata.NamespaceProperty == ns), options);
            notes.AddRange(result.Warnings.Select(w => $"{what}: {w}"));
            if (result.Outcome != InjectionOutcome.Injected)
            {
                notes.Add($"{what}: {Describe(result.Outcome, ns)}; left unchanged.");
                output.Add(text);
                continue;
            }
            JsonPatchApplier.Apply(pod, result.Patch);
            if (found.IsPod)
            {
                document["metadata"] = pod["metadata"]!.DeepClone();
                document["spec"] = pod["spec"]!.DeepClone();
            }
            else
            {
                found.Template["metadata"] = pod["metadata"]!.DeepClone();
                found.Template["spec"] = pod["spec"]!.DeepClone();
            }
            notes.Add($"{what}: sidecar of MeshPolicy {ns}/{result.PolicyName} injected.");
            output.Add(YamlWriter.Write(document));
        }
        return new InjectOutput(string.Join("---\n", output), notes, templates);
    }

    private static string Describe(InjectionOutcome outcome, string ns) => outcome switch
    {
        InjectionOutcome.AlreadyInjected => "already injected",
        InjectionOutcome.OptedOut => "opted out (sidecar.mesh.dev/inject: \"false\")",
        InjectionOutcome.NoPolicy => $"no MeshPolicy of namespace {ns} selects its pods",
        InjectionOutcome.Blocked => "not injectable (see above)",
        _ => outcome.ToString(),
    };

    /// <summary>The pod template of a workload (or the pod itself), or null for any other document.</summary>
    private static (JsonObject Template, bool IsPod)? Template(JsonObject document)
    {
        var kind = (string?)document["kind"];
        var apiVersion = (string?)document["apiVersion"];
        return (apiVersion, kind) switch
        {
            ("v1", "Pod") => (document, true),
            ("apps/v1", "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet") or ("batch/v1", "Job")
                when document["spec"]?["template"] is JsonObject template => (template, false),
            ("batch/v1", "CronJob") when document["spec"]?["jobTemplate"]?["spec"]?["template"] is JsonObject template => (template, false),
            _ => null,
        };
    }
}
