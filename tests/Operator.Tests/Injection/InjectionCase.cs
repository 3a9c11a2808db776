using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.LocalCluster.Http;
using Mesh.LocalCluster.Patching;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Injection;

/// <summary>A golden case: MeshPolicies and one Pod from testdata/&lt;case&gt;/input.yaml, injected, rendered readable.</summary>
internal sealed record InjectionCase(IReadOnlyList<MeshPolicy> Policies, JsonObject Pod, string Namespace)
{
    public static string Dir(string name) => RepoPaths.Of("tests", "Operator.Tests", "Injection", "testdata", name);

    public static InjectionCase Load(string name) => Parse(File.ReadAllText(Path.Combine(Dir(name), "input.yaml")));

    public static InjectionCase Parse(string yaml)
    {
        var documents = YamlToJson.Documents(yaml);
        var policies = documents.Where(d => (string?)d["kind"] == "MeshPolicy")
            .Select(d => KubernetesJson.Deserialize<MeshPolicy>(d.ToJsonString())).ToList();
        var pod = documents.Single(d => (string?)d["kind"] == "Pod");
        return new InjectionCase(policies, pod, (string)pod["metadata"]!["namespace"]!);
    }

    public InjectionResult Inject(InjectorOptions? options = null) =>
        SidecarInjector.Inject((JsonObject)Pod.DeepClone(), Namespace, Policies, options ?? new InjectorOptions());

    /// <summary>The pod after the patch, applied by the embedded API's own RFC 6902 engine (an independent implementation).</summary>
    public JsonObject Patched(InjectionResult result) => PatchEngine.ApplyJsonPatch((JsonObject)Pod.DeepClone(), result.Patch);

    /// <summary>Outcome, policy and warnings as comments, then the patched pod as YAML (nothing when unchanged).</summary>
    public string Render(InjectionResult result)
    {
        var text = new StringBuilder();
        text.Append("# outcome: ").Append(result.Outcome).Append('\n');
        if (result.PolicyName is not null)
        {
            text.Append("# policy: ").Append(result.PolicyName).Append(", template hash ").Append(result.Template!.Hash).Append('\n');
        }
        foreach (var warning in result.Warnings)
        {
            text.Append("# warning: ").Append(warning).Append('\n');
        }
        if (result.Patch.Count == 0)
        {
            text.Append("# patch: none\n");
            return text.ToString();
        }
        text.Append("# patch: ").Append(result.Patch.Count).Append(" operation(s); the pod after it:\n");
        text.Append(KubernetesYaml.Serialize(KubernetesJson.Deserialize<V1Pod>(Patched(result).ToJsonString())));
        return text.ToString();
    }
}
