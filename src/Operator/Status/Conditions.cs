using Mesh.Operator.Entities;

namespace Mesh.Operator.Status;

/// <summary>Pure helpers for condition lists keyed by type (apimachinery's meta.SetStatusCondition).</summary>
internal static class Conditions
{
    /// <summary>
    /// Returns the list with <paramref name="condition"/> set: lastTransitionTime moves only when the status changes;
    /// other conditions keep their order and values.
    /// </summary>
    public static IList<Condition> Set(IList<Condition>? existing, Condition condition)
    {
        var result = new List<Condition>();
        var found = false;
        foreach (var c in existing ?? [])
        {
            if (c.Type != condition.Type)
            {
                result.Add(c);
                continue;
            }

            found = true;
            result.Add(c.Status == condition.Status ? condition with { LastTransitionTime = c.LastTransitionTime } : condition);
        }

        if (!found)
        {
            result.Add(condition);
        }

        return result;
    }

    /// <summary>True when both lists say the same thing (times compared to the second, as the API stores them).</summary>
    public static bool Same(IList<Condition>? a, IList<Condition>? b)
    {
        a ??= [];
        b ??= [];
        return a.Count == b.Count && a.Zip(b).All(p =>
            p.First.Type == p.Second.Type && p.First.Status == p.Second.Status && p.First.Reason == p.Second.Reason
            && p.First.Message == p.Second.Message && p.First.ObservedGeneration == p.Second.ObservedGeneration
            && TruncateToSeconds(p.First.LastTransitionTime) == TruncateToSeconds(p.Second.LastTransitionTime));
    }

    public static DateTime TruncateToSeconds(DateTime t) =>
        new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
