using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Runtime;

/// <summary>
/// Runs <c>lead</c> only while this replica holds the Lease, through KubernetesClient's LeaderElector. The token given
/// to <c>lead</c> is cancelled from OnStoppedLeading, which fires when a renewal has failed for RenewDeadline: shorter
/// than LeaseDuration, so writes stop before another replica can take the Lease. On shutdown the Lease is released
/// (holder cleared, as client-go's ReleaseOnCancel does) so a standby takes over at its next retry.
/// </summary>
public sealed class LeaderElection
{
    private readonly IKubernetes _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _isLeader;

    public LeaderElection(IKubernetes client, LeaderElectionOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid leader election options: " + string.Join(" ", errors), nameof(options));
        }

        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public bool IsLeader => _isLeader;

    public string Identity => _options.Identity;

    /// <summary>Campaigns until <paramref name="ct"/>; runs <paramref name="lead"/> during each term and awaits it.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var gauge = RuntimeMetrics.LeaderStatus.WithLabels(_options.LeaseName);
        gauge.Set(0);
        while (!ct.IsCancellationRequested)
        {
            CancellationTokenSource? term = null;
            Task? leading = null;
            var config = new LeaderElectionConfig(new LeaseLock(_client, _options.LeaseNamespace, _options.LeaseName, _options.Identity))
            {
                LeaseDuration = _options.LeaseDuration,
                RenewDeadline = _options.RenewDeadline,
                RetryPeriod = _options.RetryPeriod,
            };
            using var elector = new LeaderElector(config);
            elector.OnStartedLeading += () =>
            {
                _logger.LogInformation("{Identity} became leader of {Lease}", _options.Identity, _options.LeaseName);
                term = new CancellationTokenSource();
                _isLeader = true;
                gauge.Set(1);
                var token = term.Token;
                leading = Task.Run(() => lead(token), CancellationToken.None);
            };
            elector.OnStoppedLeading += () =>
            {
                // First stop writing, then report: nothing may write once this returns.
                term?.Cancel();
                _isLeader = false;
                gauge.Set(0);
                _logger.LogInformation("{Identity} stopped leading {Lease}", _options.Identity, _options.LeaseName);
            };

            try
            {
                await elector.RunUntilLeadershipLostAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // The elector lets transport errors escape while acquiring; campaign again after a pause.
                _logger.LogWarning(e, "Leader election for {Lease} failed; retrying", _options.LeaseName);
                await DelayQuietly(_options.RetryPeriod, ct).ConfigureAwait(false);
            }

            if (leading is not null)
            {
                await leading.ConfigureAwait(false);
            }

            term?.Dispose();
        }

        await ReleaseAsync().ConfigureAwait(false);
    }

    private async Task ReleaseAsync()
    {
        // As long as a renewal may take: a release that gives up sooner (it once had a retry period, 300 ms in the tests)
        // fails on a loaded API server, and then no replica leads until the Lease expires.
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            // An empty (not null) holder lets KubernetesClient's elector take the Lease at once: it treats "" as free.
            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _time.GetUtcNow().UtcDateTime;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            _logger.LogInformation("{Identity} released {Lease}", _options.Identity, _options.LeaseName);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "Could not release {Lease}; it expires after {Duration}", _options.LeaseName, _options.LeaseDuration);
        }
    }

    private async Task DelayQuietly(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
