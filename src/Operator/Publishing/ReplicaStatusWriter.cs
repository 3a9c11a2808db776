using Mesh.Operator.Status;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using k8s.Models;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Runs on every replica: after its proxies connect, ACK, NACK or leave (and every heartbeat while it has any), it
/// writes what they say about each published policy into its own Lease (<see cref="ReplicaStatusLeases"/>), which
/// wakes the leader's reconcile of those policies. On shutdown it deletes the Lease so its counts vanish at once.
/// </summary>
internal sealed class ReplicaStatusWriter(
    ProxyStatusRegistry registry,
    MeshPublisher publisher,
    KubeApi api,
    LeaderElectionOptions election,
    TimeProvider time,
    ILogger<ReplicaStatusWriter> logger) : BackgroundService
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);
    private string _written = "";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var subscription = registry.Subscribe(_ => changes.Writer.TryWrite(true));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                heartbeat.CancelAfter(ReplicaStatusLeases.Heartbeat);
                try
                {
                    await changes.Reader.WaitToReadAsync(heartbeat.Token).ConfigureAwait(false);
                    await Task.Delay(Coalesce, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Heartbeat: renew while there is something to report.
                }

                changes.Reader.TryRead(out _);
                await WriteAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await DeleteAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        var proxies = registry.GetProxies();
        var summaries = new SortedDictionary<string, ReplicaProxySummary>(StringComparer.Ordinal);
        foreach (var published in publisher.All)
        {
            var local = ProgrammedEvaluator.Evaluate(published, published.Generation, true, proxies, publisher.SourceFields);
            if (local.Proxies.Connected > 0)
            {
                summaries[ReplicaStatusLeases.KeyOf(published.Namespace, published.Name)] = ReplicaStatusLeases.Summarize(published, local);
            }
        }

        var json = JsonSerializer.Serialize(summaries);
        if (summaries.Count == 0 && json == _written)
        {
            return; // nothing to report and nothing reported: no churn for replicas without proxies
        }

        var desired = ReplicaStatusLeases.Build(election.LeaseNamespace, election.Identity, summaries, time.GetUtcNow());
        try
        {
            var key = ObjectKey.Create(election.LeaseNamespace, desired.Metadata.Name);
            var existing = await api.GetAsync<V1Lease>(ResourceKinds.Lease, key, ct).ConfigureAwait(false);
            if (existing is null)
            {
                await api.CreateAsync(ResourceKinds.Lease, desired, ct).ConfigureAwait(false);
            }
            else
            {
                desired.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await api.ReplaceAsync(ResourceKinds.Lease, desired, ct).ConfigureAwait(false);
            }

            _written = json;
        }
        catch (KubeApiException e)
        {
            // The next change or heartbeat writes again.
            logger.LogWarning("Could not write the replica status Lease {Lease}: {Error}", desired.Metadata.Name, e.Message);
        }
    }

    private async Task DeleteAsync()
    {
        if (_written.Length == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            var path = ResourceKinds.Lease.ObjectPath(ObjectKey.Create(election.LeaseNamespace, ReplicaStatusLeases.NameFor(election.Identity)));
            await api.SendForStringAsync(HttpMethod.Delete, path, null, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubeApiException { StatusCode: HttpStatusCode.NotFound } or OperationCanceledException or HttpRequestException or KubeApiException)
        {
            logger.LogDebug(e, "Replica status Lease not deleted; it goes stale after {Duration}", ReplicaStatusLeases.Heartbeat * 3);
        }
    }
}
