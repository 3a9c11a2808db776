using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning;

/// <summary>Kubernetes label selector semantics: every matchLabels pair and every expression must hold; empty selects all.</summary>
internal static class LabelSelectorMatcher
{
    public static bool Matches(LabelSelector selector, IDictionary<string, string>? labels)
    {
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
            var holds = requirement.Operator switch
            {
                LabelSelectorOperator.In => has && values.Contains(actual!),
                LabelSelectorOperator.NotIn => !has || !values.Contains(actual!),
                LabelSelectorOperator.Exists => has,
                LabelSelectorOperator.DoesNotExist => !has,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A Service's selector: a plain equality map; an empty or missing one selects nothing (as for Endpoints).</summary>
    public static bool MatchesServiceSelector(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(pair => labels.TryGetValue(pair.Key, out var v) && v == pair.Value);
}
