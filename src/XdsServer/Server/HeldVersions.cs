using System.Diagnostics.CodeAnalysis;
using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Server;

/// <summary>
/// Resource name -> version a delta proxy holds, as a baseline (a <see cref="TypeResources"/> the proxy holds in full,
/// each resource at its version) plus an overlay of differences (a null value: a baseline name the proxy does not hold).
/// A synced stream then points at the index of its view (shared by every stream with that view) instead of copying
/// it: a plain dictionary of ~9,000 names per type cost ~480 KiB per stream, ~0.9 GB at 2,000 streams
/// (docs/benchmarks.md, "Delta stream state").
/// </summary>
internal sealed class HeldVersions
{
    private Dictionary<string, string?> _overlay = new(StringComparer.Ordinal);

    /// <summary>The resources the proxy was last known to hold in full, or null (the overlay then holds everything).</summary>
    public TypeResources? Baseline { get; private set; }

    /// <summary>How many differences from the baseline are kept (0 for a stream synced to its baseline).</summary>
    public int OverlayCount => _overlay.Count;

    /// <summary>How many names the proxy holds.</summary>
    public int Count { get; private set; }

    public bool TryGetValue(string name, [NotNullWhen(true)] out string? version)
    {
        if (_overlay.TryGetValue(name, out var over))
        {
            version = over;
            return over is not null;
        }

        if (Baseline is not null && Baseline.ByName.TryGetValue(name, out var resource))
        {
            version = resource.Version;
            return true;
        }

        version = null;
        return false;
    }

    public bool Contains(string name) => TryGetValue(name, out _);

    /// <summary>The names held, each once (baseline names not masked, then overlay names the baseline lacks).</summary>
    public IEnumerable<string> Names
    {
        get
        {
            if (Baseline is not null)
            {
                foreach (var name in Baseline.ByName.Keys)
                {
                    if (!_overlay.TryGetValue(name, out var over) || over is not null)
                    {
                        yield return name;
                    }
                }
            }

            foreach (var (name, version) in _overlay)
            {
                if (version is not null && (Baseline is null || !Baseline.ByName.ContainsKey(name)))
                {
                    yield return name;
                }
            }
        }
    }

    public void Set(string name, string version)
    {
        var held = Contains(name);
        if (Baseline is not null && Baseline.ByName.TryGetValue(name, out var resource) && resource.Version == version)
        {
            _overlay.Remove(name);
        }
        else
        {
            _overlay[name] = version;
        }

        if (!held)
        {
            Count++;
        }
    }

    public bool Remove(string name)
    {
        if (!Contains(name))
        {
            return false;
        }

        if (Baseline is not null && Baseline.ByName.ContainsKey(name))
        {
            _overlay[name] = null;
        }
        else
        {
            _overlay.Remove(name);
        }

        Count--;
        return true;
    }

    /// <summary>
    /// The proxy now holds exactly <paramref name="resources"/> (the caller knows it, e.g. after a full sync): they become
    /// the baseline and the overlay empties. O(1): no name is copied.
    /// </summary>
    public void SyncedTo(TypeResources resources)
    {
        Baseline = resources;
        _overlay = new Dictionary<string, string?>(StringComparer.Ordinal);
        Count = resources.Count;
    }

    /// <summary>
    /// When the overlay has grown past a quarter of what is held, re-expresses the held versions against
    /// <paramref name="candidate"/> or with no baseline, whichever keeps fewer entries (O(held + candidate)).
    /// </summary>
    public void Compact(TypeResources? candidate)
    {
        if (_overlay.Count <= 32 + Count / 4)
        {
            return;
        }

        var held = Names.Select(name => (Name: name, Version: Version(name))).ToArray();
        if (candidate is not null && !ReferenceEquals(candidate, Baseline) && Against(candidate, held) is { } rebased && rebased.Count < _overlay.Count
            && rebased.Count <= held.Length)
        {
            Baseline = candidate;
            _overlay = rebased;
        }
        else if (held.Length < _overlay.Count)
        {
            Baseline = null;
            _overlay = held.ToDictionary(h => h.Name, h => (string?)h.Version, StringComparer.Ordinal);
        }
    }

    private string Version(string name) => TryGetValue(name, out var version) ? version : throw new InvalidOperationException(name);

    private Dictionary<string, string?> Against(TypeResources baseline, (string Name, string Version)[] held)
    {
        var overlay = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, version) in held)
        {
            if (!baseline.ByName.TryGetValue(name, out var resource) || resource.Version != version)
            {
                overlay[name] = version;
            }
        }

        foreach (var resource in baseline.Ordered)
        {
            if (!Contains(resource.Name))
            {
                overlay[resource.Name] = null;
            }
        }

        return overlay;
    }
}
