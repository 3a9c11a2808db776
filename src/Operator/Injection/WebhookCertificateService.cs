using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Injection;

/// <summary>
/// Keeps the built-in serving certificate fresh. Start waits (a bounded time) for the first certificate, so the webhook
/// port usually serves from its first handshake; after that it refreshes in the background, retrying failures every few
/// seconds. A webhook without a certificate fails the handshake and, with failurePolicy Ignore, pods are admitted
/// without a sidecar (and shown as SidecarMissing): no pod creation is ever blocked by this.
/// </summary>
internal sealed class WebhookCertificateService(BuiltInWebhookCertificate certificate, TimeProvider time, ILogger<WebhookCertificateService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstAttemptLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private DateTimeOffset? _next;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(FirstAttemptLimit);
        _next = await TryRefreshAsync(limit.Token).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = (_next ?? time.GetUtcNow().Add(RetryDelay)) - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            _next = await TryRefreshAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<DateTimeOffset?> TryRefreshAsync(CancellationToken ct)
    {
        try
        {
            return await certificate.RefreshAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The webhook serving certificate could not be issued; retrying in {Delay}", RetryDelay);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
