using System.Globalization;
using Mesh.Operator.Entities;

namespace Mesh.Benchmarks.EndToEnd;

/// <summary>
/// Classifies MeshPolicy writes seen on a watch: what each changed in the status (conditions by type as status/reason,
/// observedGeneration, proxies, workloads, last rejection), and whether a field came back to a value it had left
/// (flapping) rather than moving on (progress, e.g. proxies counted up as they reconnect).
/// </summary>
internal sealed class StatusWriteLog
{
    private readonly Dictionary<string, Dictionary<string, string>> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Policy, string Field), List<string>> _history = new();
    private readonly List<string> _writes = [];

    public StatusWriteLog(IEnumerable<MeshPolicy> initial)
    {
        foreach (var policy in initial)
        {
            var fields = Fields(policy.Status);
            _last[Key(policy)] = fields;
            foreach (var (field, value) in fields)
            {
                _history[(Key(policy), field)] = [value];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_writes)
            {
                return _writes.Count;
            }
        }
    }

    public void Add(MeshPolicy policy)
    {
        lock (_writes)
        {
            var key = Key(policy);
            var now = Fields(policy.Status);
            var before = _last.GetValueOrDefault(key) ?? [];
            var changes = now.Keys.Union(before.Keys).Order(StringComparer.Ordinal)
                .Where(f => before.GetValueOrDefault(f) != now.GetValueOrDefault(f))
                .Select(f => $"{f} {before.GetValueOrDefault(f) ?? "-"} -> {now.GetValueOrDefault(f) ?? "-"}")
                .ToList();
            foreach (var field in now.Keys.Union(before.Keys).Where(f => before.GetValueOrDefault(f) != now.GetValueOrDefault(f)))
            {
                if (!_history.TryGetValue((key, field), out var values))
                {
                    _history[(key, field)] = values = [before.GetValueOrDefault(field) ?? "-"];
                }
                values.Add(now.GetValueOrDefault(field) ?? "-");
            }
            _last[key] = now;
            _writes.Add($"{key}: {(changes.Count == 0 ? "no status field changed (metadata or timestamps only)" : string.Join(" | ", changes))}");
        }
    }

    /// <summary>The writes (at most <paramref name="max"/> lines) and a verdict: which fields flapped.</summary>
    public IEnumerable<string> Report(int max)
    {
        lock (_writes)
        {
            foreach (var line in _writes.Take(max))
            {
                yield return "  write: " + line;
            }
            if (_writes.Count > max)
            {
                yield return $"  ... {_writes.Count - max} more";
            }
            var kinds = _writes.SelectMany(w => w[(w.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(" | "))
                .Select(c => c.Split(' ')[0]).GroupBy(f => f).OrderByDescending(g => g.Count())
                .Select(g => $"{g.Key} x{g.Count()}");
            yield return "  fields changed: " + string.Join(", ", kinds);
            var flapping = _history.Where(h => Flaps(h.Value)).Select(h => $"{h.Key.Policy} {h.Key.Field}: {string.Join(" -> ", h.Value)}").ToList();
            yield return flapping.Count == 0
                ? "  flapping: none (every changed field moved on without coming back to a value it had left)"
                : "  flapping: " + string.Join(" | ", flapping);
        }
    }

    /// <summary>A value that comes back after the field moved away from it.</summary>
    private static bool Flaps(List<string> values)
    {
        for (var i = 2; i < values.Count; i++)
        {
            if (values.Take(i - 1).Contains(values[i]) && values[i] != values[i - 1])
            {
                return true;
            }
        }
        return false;
    }

    private static string Key(MeshPolicy policy) => $"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}";

    private static Dictionary<string, string> Fields(MeshPolicyStatus? status)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (status is null)
        {
            return fields;
        }
        fields["observedGeneration"] = status.ObservedGeneration?.ToString(CultureInfo.InvariantCulture) ?? "-";
        foreach (var condition in status.Conditions ?? [])
        {
            fields[$"condition.{condition.Type}"] = $"{condition.Status}/{condition.Reason}";
            // Messages and transition times too: a write that changes only those is not flapping but is not needed either.
            fields[$"condition.{condition.Type}.message"] = condition.Message.Length > 100 ? condition.Message[..100] + "..." : condition.Message;
            fields[$"condition.{condition.Type}.since"] = condition.LastTransitionTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        }
        if (status.Proxies is { } proxies)
        {
            fields["proxies.connected"] = proxies.Connected.ToString(CultureInfo.InvariantCulture);
            fields["proxies.acked"] = proxies.Acked.ToString(CultureInfo.InvariantCulture);
            fields["proxies.nacked"] = proxies.Nacked.ToString(CultureInfo.InvariantCulture);
            fields["proxies.unknown"] = proxies.Unknown.ToString(CultureInfo.InvariantCulture);
        }
        if (status.Workloads is { } workloads)
        {
            fields["workloads.selected"] = workloads.Selected.ToString(CultureInfo.InvariantCulture);
            fields["workloads.injected"] = workloads.Injected.ToString(CultureInfo.InvariantCulture);
            fields["workloads.upToDate"] = workloads.UpToDate.ToString(CultureInfo.InvariantCulture);
        }
        if (status.LastRejection is { } rejection)
        {
            fields["lastRejection"] = rejection.ToString();
        }
        return fields;
    }
}
