using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Runtime;

/// <summary>
/// Owns the shared informers (one per kind, on every replica, so caches stay warm and read-only consumers such as xDS
/// work everywhere) and the controllers (which run only on the leader).
/// </summary>
public sealed class ControllerManager
{
    private readonly Dictionary<ResourceKind, IInformer> _informers = new();
    private readonly List<Controller> _controllers = [];
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ControllerManagerOptions _options;
    private LeaderElection? _election;
    private int _started;

    public ControllerManager(KubeApi api, ControllerManagerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        Api = api;
        _options = options;
        Time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ControllerManager>();
    }

    public KubeApi Api { get; }

    public TimeProvider Time { get; }

    public IReadOnlyList<Controller> Controllers => _controllers;

    /// <summary>True when this replica may write: it holds the Lease, or election is off and the manager runs.</summary>
    public bool IsLeader => _options.LeaderElection is null
        ? Volatile.Read(ref _started) == 1 && _informers.Values.All(i => i.Synced.IsCompletedSuccessfully)
        : _election?.IsLeader ?? false;

    /// <summary>True once every informer listed its kind.</summary>
    public bool IsReady => Volatile.Read(ref _started) == 1 && _informers.Values.All(i => i.Synced.IsCompletedSuccessfully);

    /// <summary>The shared informer of a kind, created on first use (before <see cref="RunAsync"/>).</summary>
    public Informer<T> Informer<T>(ResourceKind kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (_informers.TryGetValue(kind, out var existing))
        {
            return existing as Informer<T>
                ?? throw new InvalidOperationException($"{kind} is already informed as {existing.GetType().GenericTypeArguments[0].Name}, not {typeof(T).Name}.");
        }

        if (Volatile.Read(ref _started) == 1)
        {
            throw new InvalidOperationException($"Declare the informer for {kind} before the manager runs.");
        }

        var informer = new Informer<T>(kind, Api, Time, _loggers.CreateLogger($"Mesh.Operator.Informer.{kind.Kind}"), _options.Informers);
        _informers[kind] = informer;
        return informer;
    }

    /// <summary>The cache of a kind (its informer's).</summary>
    public ObjectCache<T> Cache<T>(ResourceKind kind)
        where T : class, IKubernetesObject<V1ObjectMeta> => Informer<T>(kind).Cache;

    /// <summary>Starts declaring a controller that reconciles <typeparamref name="T"/>.</summary>
    public ControllerBuilder<T> For<T>(ResourceKind kind, string controllerName)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(controllerName);
        if (_controllers.Any(c => c.Name == controllerName))
        {
            throw new ArgumentException($"A controller named {controllerName} exists; names label metrics and must be unique.", nameof(controllerName));
        }

        return new ControllerBuilder<T>(this, kind, controllerName);
    }

    /// <summary>
    /// Runs informers, then (as leader, when election is on) the controllers, until <paramref name="ct"/>. On cancel:
    /// no new reconcile starts, those in flight get <see cref="ControllerManagerOptions.ShutdownGracePeriod"/>, the
    /// Lease is released.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The manager is already running.");
        }

        using var informersStop = new CancellationTokenSource();
        var informers = _informers.Values.Select(i => i.RunAsync(informersStop.Token)).ToList();
        var everywhere = Task.CompletedTask;
        try
        {
            await Task.WhenAll(_informers.Values.Select(i => i.Synced)).WaitAsync(ct).ConfigureAwait(false);
            _logger.LogInformation("Caches synced for {Kinds}", string.Join(", ", _informers.Keys));
            // Controllers that only feed local state run on every replica, leader or not.
            everywhere = Task.WhenAll(_controllers.Where(c => !c.NeedsLeaderElection).Select(c => c.RunAsync(ct, ct)));
            if (_options.LeaderElection is null)
            {
                await RunControllersAsync(ct, ct).ConfigureAwait(false);
            }
            else
            {
                _election = new LeaderElection(Api.Client, _options.LeaderElection, Time, _loggers.CreateLogger<LeaderElection>());
                await _election.RunAsync(term => RunControllersAsync(term, ct), ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var controller in _controllers)
            {
                controller.Queue.ShutDown();
            }

            await everywhere.ConfigureAwait(false);

            await informersStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(informers).ConfigureAwait(false);
            Volatile.Write(ref _started, 2);
        }
    }

    internal void Add(Controller controller) => _controllers.Add(controller);

    internal ILogger CreateLogger(string category) => _loggers.CreateLogger(category);

    private async Task RunControllersAsync(CancellationToken term, CancellationToken shutdown)
    {
        using var abort = new CancellationTokenSource();
        using var onStop = term.Register(() =>
        {
            if (shutdown.IsCancellationRequested)
            {
                // Graceful: in-flight reconciles may finish while the Lease is still ours.
                _ = Task.Delay(_options.ShutdownGracePeriod, Time).ContinueWith(_ => CancelQuietly(abort), TaskScheduler.Default);
            }
            else
            {
                // Lost leadership: stop writing now.
                abort.Cancel();
            }
        });
        await Task.WhenAll(_controllers.Where(c => c.NeedsLeaderElection).Select(c => c.RunAsync(term, abort.Token))).ConfigureAwait(false);
    }

    private static void CancelQuietly(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The controllers finished within the grace period.
        }
    }
}
