using System.Reflection;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Validation;
using Mesh.Operator.Entities.Schema;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests;

/// <summary>config/samples/invalid/expectations.yaml: per file the field, the catcher and whether it is still pending.</summary>
internal static class InvalidSampleCases
{
    public const string Schema = "schema";

    public const string Cel = "cel";

    public const string Planner = "planner";

    private static readonly Lazy<IReadOnlyList<JsonObject>> All = new(() =>
        YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.InvalidSamples, "expectations.yaml")))!["cases"]!
            .AsArray().Select(n => n!.AsObject()).ToList());

    private static readonly Lazy<IReadOnlyList<CelRuleAttribute>> Rules = new(() =>
        typeof(MeshPolicy).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<CelRuleAttribute>()
                .Concat(t.GetProperties().SelectMany(p => p.GetCustomAttributes<CelRuleAttribute>())))
            .ToList());

    private static readonly Lazy<IReadOnlyList<(string Rule, string Message, string? Reason)>> CrdRules = new(() =>
    {
        var crd = YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.Crd, CrdGen.CrdGenerator.MeshPolicyFileName)));
        return YamlTree.DescendantsAndSelf(crd).OfType<JsonObject>()
            .SelectMany(o => o["x-kubernetes-validations"]?.AsArray() ?? [])
            .Select(r => ((string)r!["rule"]!, (string)r["message"]!, (string?)r["reason"]))
            .ToList();
    });

    public static IReadOnlyList<JsonObject> Cases => All.Value;

    public static JsonObject Entry(string file) => All.Value.Single(c => (string?)c["file"] == file);

    public static bool IsPending(JsonObject entry) => entry["pending"]!.GetValue<bool>();

    /// <summary>The files whose catcher is <paramref name="catcher"/> and is in place (pending: false).</summary>
    public static TheoryData<string> Caught(string catcher)
    {
        var data = new TheoryData<string>();
        foreach (var entry in All.Value.Where(c => (string?)c["catcher"] == catcher && !IsPending(c)))
        {
            data.Add((string)entry["file"]!);
        }

        return data;
    }

    /// <summary>A fresh tree of the sample (admission prunes and defaults in place, so never share one).</summary>
    public static JsonObject Load(string file) =>
        YamlTree.Load(File.ReadAllText(Path.Combine(RepoPaths.InvalidSamples, file)))!.AsObject();

    /// <summary>Names the expectations may use for a cel catcher: each [CelRule(Name = ...)] and CrdGen's duration rule.</summary>
    public static IReadOnlyList<string> RuleNames() => [.. Rules.Value.Select(r => r.Name!).Where(n => n is not null), "duration"];

    /// <summary>The committed CRD's rules of that name (CrdGen's duration rule sits on every duration field, in two wordings).</summary>
    public static IReadOnlyList<(string Rule, string Message, string? Reason)> CrdRulesNamed(string name)
    {
        var text = name == "duration" ? null : Rules.Value.Single(r => r.Name == name).Rule;
        return [.. CrdRules.Value
            .Where(r => text is null ? r.Rule.StartsWith("duration(self) ", StringComparison.Ordinal) : r.Rule == text)
            .Distinct()];
    }

    /// <summary>Whether a CEL rule of the CRD, rather than the schema, reported the error (its message, or its evaluation failing).</summary>
    public static bool IsFromRule(FieldError error) =>
        error.Message.Contains(" rule: ", StringComparison.Ordinal)
        || CrdRules.Value.Any(r => error.Message.EndsWith(": " + r.Message, StringComparison.Ordinal));
}
