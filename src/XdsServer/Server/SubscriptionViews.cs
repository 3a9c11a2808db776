using System.Runtime.CompilerServices;
using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Server;

/// <summary>
/// The view of one set of resources through one subscription, computed once and shared by every stream that holds
/// both (they are immutable and shared: <see cref="TypeResources"/> per snapshot list, <see cref="Subscription"/>
/// interned). Without it each of 2,000 sidecars re-walked its 1,000 EDS names on every push check and status publish.
/// Weak on both sides: a view lives as long as its resources and its subscription do.
/// </summary>
internal static class SubscriptionViews
{
    private static readonly ConditionalWeakTable<TypeResources, ConditionalWeakTable<Subscription, Box>> Views = new();

    public static TypeView Of(TypeResources resources, Subscription subscription)
    {
        var views = Views.GetValue(resources, static _ => new ConditionalWeakTable<Subscription, Box>());
        return views.TryGetValue(subscription, out var box) ? box.View : views.GetValue(subscription, s => new Box(Compute(resources, s))).View;
    }

    private static TypeView Compute(TypeResources resources, Subscription subscription)
    {
        var included = new List<CachedResource>(subscription.Count);
        foreach (var name in subscription.Names)
        {
            if (resources.Find(name) is { } resource)
            {
                included.Add(resource);
            }
        }

        // Names sort the same way in the subscription and in an index, so the index's version is the view's.
        var held = new TypeResources(resources.TypeUrl, included);
        return new TypeView(held.Version, held.Ordered, held);
    }

    private sealed record Box(TypeView View);
}
