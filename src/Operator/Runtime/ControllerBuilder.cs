using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>
/// Declares a controller: the kind it reconciles, the kinds it owns and the kinds whose changes concern it
/// (controller-runtime's builder: For, Owns, Watches, Complete).
/// </summary>
public sealed class ControllerBuilder<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ControllerManager _manager;
    private readonly ResourceKind _kind;
    private readonly string _name;
    private readonly List<Action<WorkQueue>> _sources = [];
    private ControllerOptions _options = new();

    internal ControllerBuilder(ControllerManager manager, ResourceKind kind, string name)
    {
        _manager = manager;
        _kind = kind;
        _name = name;
    }

    /// <summary>A change to a child whose controller owner reference names one of ours wakes that owner.</summary>
    public ControllerBuilder<T> Owns<TChild>(ResourceKind childKind)
        where TChild : class, IKubernetesObject<V1ObjectMeta> =>
        Watches<TChild>(childKind, child => OwnerMapping.ControllerOwners(child, _kind));

    /// <summary>
    /// A change to an object of another kind wakes the keys <paramref name="map"/> returns. Both the old and the new
    /// version are mapped, so an object that stops concerning an owner still wakes it once.
    /// </summary>
    public ControllerBuilder<T> Watches<TOther>(ResourceKind kind, Func<TOther, IEnumerable<ObjectKey>> map)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(map);
        var informer = _manager.Informer<TOther>(kind);
        _sources.Add(queue => informer.AddHandler((oldObject, newObject) =>
        {
            if (!ChangePredicates.AnyChange(oldObject, newObject))
            {
                return;
            }

            var keys = new HashSet<ObjectKey>();
            if (oldObject is not null)
            {
                keys.UnionWith(map(oldObject));
            }

            if (newObject is not null)
            {
                keys.UnionWith(map(newObject));
            }

            foreach (var key in keys)
            {
                queue.Add(key);
            }
        }));
        return this;
    }

    /// <summary>
    /// Events from outside the API server (controller-runtime's source.Channel): every item read from
    /// <paramref name="source"/> wakes the keys <paramref name="map"/> returns, until the channel completes or the
    /// controller's queue shuts down. The map runs on the pump's task: keep it quick and do not throw.
    /// </summary>
    public ControllerBuilder<T> WatchesChannel<TEvent>(ChannelReader<TEvent> source, Func<TEvent, IEnumerable<ObjectKey>> map)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        // The window is read when the controller starts: WithOptions may come after this call.
        _sources.Add(queue => _ = PumpAsync(source, map, queue, _options.ChannelEventWindow));
        return this;
    }

    private static async Task PumpAsync<TEvent>(ChannelReader<TEvent> source, Func<TEvent, IEnumerable<ObjectKey>> map, WorkQueue queue, TimeSpan window)
    {
        var stopping = queue.Stopping;
        try
        {
            while (await source.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (source.TryRead(out var item))
                {
                    foreach (var key in map(item))
                    {
                        // An earlier pending delay wins, so events within the window add the key once.
                        queue.AddAfter(key, window);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The controller stopped.
        }
    }

    public ControllerBuilder<T> WithOptions(ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ControllerOptions.Workers must be at least 1.");
        }

        _options = options;
        return this;
    }

    /// <summary>Creates the controller and registers it with the manager.</summary>
    public Controller Complete(IReconciler reconciler)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        var queue = new WorkQueue(_manager.Time, _options.RateLimiter ?? MaxOfRateLimiter.Default(_manager.Time), new PrometheusWorkQueueMetrics(_name));
        var primary = _manager.Informer<T>(_kind);
        primary.AddHandler((oldObject, newObject) =>
        {
            if (ChangePredicates.PrimaryChanged(oldObject, newObject))
            {
                queue.Add(ObjectKey.Of((newObject ?? oldObject)!));
            }
        });
        foreach (var source in _sources)
        {
            source(queue);
        }

        var controller = new Controller(_name, reconciler, queue, _options.Workers, _manager.Time, _manager.CreateLogger($"Mesh.Operator.Controller.{_name}"))
        {
            NeedsLeaderElection = _options.NeedsLeaderElection,
        };
        _manager.Add(controller);
        return controller;
    }
}
