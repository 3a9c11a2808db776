using System.Text.Json.Nodes;
using System.Threading.Channels;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Semantics;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Collection;

/// <summary>
/// The only controller in this stand-in: garbage collection through ownerReferences (background and foreground,
/// after kubernetes pkg/controller/garbagecollector), the namespace controller's content deletion and the CRD
/// finalizer's (CrdCleanup). Woken by the
/// store after deletions; each pass is a full scan, which is cheap at the sizes this server holds.
/// </summary>
internal sealed class GarbageCollector
{
    private readonly ObjectLifecycle _lifecycle;
    private readonly ObjectDeletion _deletion;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public GarbageCollector(ObjectLifecycle lifecycle, ObjectDeletion deletion)
    {
        _lifecycle = lifecycle;
        _deletion = deletion;
        lifecycle.Store.Changed += () => _wake.Writer.TryWrite(true);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                for (var pass = 0; pass < 100 && CollectOnce(); pass++)
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Server shutting down.
        }
    }

    /// <summary>One pass over all objects; returns whether anything changed.</summary>
    public bool CollectOnce()
    {
        var store = _lifecycle.Store;
        lock (store.Gate)
        {
            var changed = false;
            var registry = _lifecycle.Registry.Current;
            foreach (var type in store.Types())
            {
                if (registry.FindStorage(type) is not { } def)
                {
                    continue;
                }

                foreach (var stored in store.List(type, null))
                {
                    changed |= Collect(def, stored, registry);
                }
            }

            return changed;
        }
    }

    private bool Collect(ResourceDefinition def, StoredObject stored, RegistrySnapshot registry)
    {
        var obj = stored.Object;
        var deleting = obj["metadata"]?["deletionTimestamp"] is not null;
        if (deleting && def.StorageKey == new ResourceTypeKey("", "namespaces"))
        {
            return EmptyNamespace(stored, registry);
        }

        if (deleting && def.StorageKey == CrdLifecycle.Type && MetadataRules.Finalizers(obj).Contains(CrdCleanup.Finalizer))
        {
            return CrdCleanup.Step(_lifecycle, _deletion, stored, registry);
        }

        if (deleting && MetadataRules.Finalizers(obj).Contains(ObjectDeletion.ForegroundFinalizer))
        {
            return DeleteDependentsFirst(stored, registry);
        }

        var owners = ObjectDeletion.OwnerUids(obj);
        if (owners.Count == 0 || deleting)
        {
            return false;
        }

        var live = owners.Where(_lifecycle.Store.UidExists).ToList();
        if (live.Count == 0)
        {
            _deletion.Delete(def, stored.Namespace, stored.Name, DeleteOptions.Background);
            return true;
        }

        if (live.Count == owners.Count)
        {
            return false;
        }

        // Some owners are gone and some remain: drop the dangling references, as the real collector patches them out.
        var next = obj.DeepClone().AsObject();
        var refs = (JsonArray)next["metadata"]!["ownerReferences"]!;
        foreach (var dangling in refs.Where(r => !live.Contains((string?)r?["uid"] ?? "")).ToList())
        {
            refs.Remove(dangling);
        }

        _lifecycle.Commit(stored, next);
        return true;
    }

    private bool EmptyNamespace(StoredObject ns, RegistrySnapshot registry)
    {
        var store = _lifecycle.Store;
        var changed = false;
        var remaining = 0;
        foreach (var type in store.Types())
        {
            if (registry.FindStorage(type) is not { Namespaced: true } def)
            {
                continue;
            }

            foreach (var stored in store.List(type, ns.Name))
            {
                if (stored.Object["metadata"]?["deletionTimestamp"] is null)
                {
                    changed = true;
                    if (_deletion.Delete(def, stored.Namespace, stored.Name, DeleteOptions.Background).Gone)
                    {
                        continue;
                    }
                }

                remaining++;
            }
        }

        if (remaining > 0)
        {
            return changed;
        }

        var next = ns.Object.DeepClone().AsObject();
        next["spec"] = new JsonObject { ["finalizers"] = new JsonArray() };
        _lifecycle.Commit(ns, next);
        return true;
    }

    private bool DeleteDependentsFirst(StoredObject owner, RegistrySnapshot registry)
    {
        var dependents = _deletion.Dependents(owner.Uid);
        if (dependents.Count == 0)
        {
            var next = owner.Object.DeepClone().AsObject();
            MetadataRules.SetFinalizers(next, MetadataRules.Finalizers(next).Where(f => f != ObjectDeletion.ForegroundFinalizer));
            _lifecycle.Commit(owner, next);
            return true;
        }

        var changed = false;
        foreach (var (type, dependent) in dependents)
        {
            if (dependent.Object["metadata"]?["deletionTimestamp"] is null && registry.FindStorage(type) is { } def)
            {
                _deletion.Delete(def, dependent.Namespace, dependent.Name, DeleteOptions.Background);
                changed = true;
            }
        }

        return changed;
    }
}
