using Mesh.LocalCluster.Faults;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster;

/// <summary>
/// Fault injection for tests: drop open watch streams, answer chosen requests with an error status, delay responses.
/// Verbs are the API verbs (get, list, watch, create, update, patch, delete, deletecollection); resources are
/// plurals ("configmaps", "meshpolicies"); "*" matches any.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _failures = [];
    private readonly List<DelayRule> _delays = [];
    private readonly ObjectStore _store;

    internal FaultInjector(ObjectStore store) => _store = store;

    /// <summary>Closes every open watch stream, or only those of <paramref name="resource"/>; returns how many.</summary>
    public int DropWatches(string? resource = null)
    {
        List<Watching.WatchSubscription> open;
        lock (_store.Gate)
        {
            open = _store.Hub.Snapshot(null)
                .Where(s => resource is null || string.Equals(s.Type.Plural, resource, StringComparison.OrdinalIgnoreCase))
                .ToList();
        }

        foreach (var subscription in open)
        {
            subscription.Drop();
        }

        return open.Count;
    }

    /// <summary>Number of open watch streams (lets a test wait until its watcher is connected).</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (_store.Gate)
            {
                return _store.Hub.OpenStreams;
            }
        }
    }

    /// <summary>Answers the next <paramref name="count"/> matching requests with <paramref name="statusCode"/> (409, 429, 500 ...).</summary>
    public void FailNext(string verb, string resource, int statusCode, int count = 1, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            _failures.Add(new FaultRule(verb, resource, name, statusCode, count));
        }
    }

    /// <summary>Delays every matching request (null matches any verb or resource) until <see cref="Reset"/>.</summary>
    public void DelayResponses(TimeSpan delay, string? verb = null, string? resource = null)
    {
        lock (_gate)
        {
            _delays.Add(new DelayRule(delay, verb, resource));
        }
    }

    /// <summary>Removes every pending failure and delay.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _failures.Clear();
            _delays.Clear();
        }
    }

    internal int? TakeFailure(string verb, string resource, string? name)
    {
        lock (_gate)
        {
            var rule = _failures.FirstOrDefault(r => r.Matches(verb, resource, name));
            if (rule is null)
            {
                return null;
            }

            if (--rule.Remaining == 0)
            {
                _failures.Remove(rule);
            }

            return rule.StatusCode;
        }
    }

    internal TimeSpan DelayFor(string verb, string resource)
    {
        lock (_gate)
        {
            return _delays.Where(d => d.Matches(verb, resource)).Select(d => d.Delay).DefaultIfEmpty(TimeSpan.Zero).Max();
        }
    }
}
