using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>Label selector matching and conversion, with the Kubernetes semantics (all requirements ANDed).</summary>
internal static class LabelSelectors
{
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false; // a nil selector selects nothing (metav1.LabelSelectorAsSelector)
        }
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    public static V1LabelSelector From(LabelSelector? selector) => new()
    {
        MatchLabels = selector?.MatchLabels is { Count: > 0 } labels ? new SortedDictionary<string, string>(labels, StringComparer.Ordinal) : null,
        MatchExpressions = selector?.MatchExpressions is { Count: > 0 } expressions
            ? expressions.Select(e => new V1LabelSelectorRequirement
            {
                Key = e.Key,
                OperatorProperty = e.Operator.ToString(),
                Values = e.Values is { Count: > 0 } v ? [.. v] : null,
            }).ToList()
            : null,
    };

    /// <summary>The conjunction of two selectors; null when their matchLabels contradict (nothing can match both).</summary>
    public static V1LabelSelector? And(IDictionary<string, string> labels, V1LabelSelector other)
    {
        var merged = new SortedDictionary<string, string>(labels, StringComparer.Ordinal);
        foreach (var (key, value) in other.MatchLabels ?? new Dictionary<string, string>())
        {
            if (merged.TryGetValue(key, out var existing) && existing != value)
            {
                return null;
            }
            merged[key] = value;
        }
        return new V1LabelSelector
        {
            MatchLabels = merged.Count > 0 ? merged : null,
            MatchExpressions = other.MatchExpressions is { Count: > 0 } e ? [.. e] : null,
        };
    }

    public static V1LabelSelector Exactly(IEnumerable<KeyValuePair<string, string>> labels) =>
        new() { MatchLabels = new SortedDictionary<string, string>(labels.ToDictionary(), StringComparer.Ordinal) };
}
