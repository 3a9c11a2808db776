using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Runtime;

/// <summary>
/// List then watch one kind into an <see cref="ObjectCache{T}"/>. A watch that ends is resumed from the last seen
/// resourceVersion (so deletes during the gap arrive as events); a 410 Gone re-lists, and the re-list is diffed against
/// the cache so objects deleted during the gap are delivered as deletes (KubeOps issue 675 is the bug this avoids).
/// A kind the API server does not serve (its CRD is not installed: the list answers 404) counts as synced and empty,
/// so that an optional dependency such as cert-manager never holds the operator back; the informer looks again every
/// <see cref="InformerOptions.MaxRetryDelay"/> and fills the cache once the kind appears.
/// </summary>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly KubeApi _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InformerOptions _options;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ResourceEventHandler<T>> _handlers = [];
    private int _lists;
    private volatile bool _served = true;

    public Informer(ResourceKind kind, KubeApi api, TimeProvider time, ILogger logger, InformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        Kind = kind;
        _api = api;
        _time = time;
        _logger = logger;
        _options = options ?? new InformerOptions();
    }

    public ResourceKind Kind { get; }

    public ObjectCache<T> Cache { get; } = new();

    public Task Synced => _synced.Task;

    /// <summary>False while the API server answers 404 for the kind (e.g. its CRD is not installed).</summary>
    public bool Served => _served;

    /// <summary>How many full lists were made (1 plus one per 410 Gone or failed watch start).</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>Adds a handler; add handlers before <see cref="RunAsync"/> so none misses the first list.</summary>
    public void AddHandler(ResourceEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlers)
        {
            _handlers.Add(handler);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        string? resourceVersion = null;
        var delay = _options.MinRetryDelay;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await _api.ListAsync<T>(Kind, _options.Namespace, ct, Kind.InformerLabelSelector).ConfigureAwait(false);
                    Interlocked.Increment(ref _lists);
                    if (!_served)
                    {
                        _logger.LogInformation("{Kind} is served now; watching it", Kind);
                    }

                    _served = true;
                    ApplyList(list.Items);
                    resourceVersion = list.ResourceVersion;
                    _synced.TrySetResult();
                }

                await foreach (var e in _api.WatchAsync<T>(Kind, _options.Namespace, resourceVersion, ct, Kind.InformerLabelSelector).ConfigureAwait(false))
                {
                    Apply(e);
                    resourceVersion = e.ResourceVersion ?? resourceVersion;
                    delay = _options.MinRetryDelay;
                }

                _logger.LogDebug("Watch of {Kind} ended at resourceVersion {ResourceVersion}; resuming", Kind, resourceVersion);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (KubeApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                if (resourceVersion is not null)
                {
                    // A watch refused with 404: the kind went away (CRD deleted), or a replica does not serve it yet.
                    // A fresh list tells, after the usual backoff so that a list/watch disagreement cannot spin.
                    resourceVersion = null;
                    if (!await WaitAsync(delay, ct).ConfigureAwait(false))
                    {
                        break;
                    }

                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
                    continue;
                }

                if (_served)
                {
                    _logger.LogInformation("{Kind} is not served ({Message}): is its CRD installed? Looking again every {Delay}",
                        Kind, e.ApiMessage, _options.MaxRetryDelay);
                }

                _served = false;
                ApplyList([]);
                _synced.TrySetResult();
                if (!await WaitAsync(_options.MaxRetryDelay, ct).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                _logger.LogInformation("Watch of {Kind} from {ResourceVersion} is too old ({Message}); re-listing", Kind, resourceVersion, e.ApiMessage);
                resourceVersion = null;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "List or watch of {Kind} failed; retrying in {Delay}", Kind, delay);
                try
                {
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Waits on the injected clock; false when cancelled.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void ApplyList(IReadOnlyList<T> items)
    {
        var seen = new HashSet<ObjectKey>();
        foreach (var item in items)
        {
            seen.Add(ObjectKey.Of(item));
            var old = Cache.Upsert(item);
            if (old?.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
            {
                Notify(old, item);
            }
        }

        foreach (var key in Cache.Keys())
        {
            if (!seen.Contains(key) && Cache.Remove(key) is { } gone)
            {
                Notify(gone, null);
            }
        }
    }

    private void Apply(WatchEvent<T> e)
    {
        switch (e.Type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                var old = Cache.Upsert(e.Object!);
                Notify(old, e.Object);
                break;
            case WatchEventType.Deleted:
                var removed = Cache.Remove(ObjectKey.Of(e.Object!));
                Notify(removed ?? e.Object, null);
                break;
        }
    }

    private void Notify(T? oldObject, T? newObject)
    {
        ResourceEventHandler<T>[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            try
            {
                handler(oldObject, newObject);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "An event handler for {Kind} threw", Kind);
            }
        }
    }
}
