using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Injection;

/// <summary>
/// The webhook's serving certificate from the built-in CA: the root Secret is read (and created when missing, the same
/// way the certificate step does), a server certificate for <c>mesh-webhook.&lt;ns&gt;.svc</c> is issued in memory
/// (never stored: every replica issues its own), and reissued at half life or when the signing root changes.
/// </summary>
internal sealed class BuiltInWebhookCertificate(KubeApi api, BuiltInCaOptions caOptions, TimeProvider time) : IWebhookCertificateSource, IDisposable
{
    private readonly BuiltInCertificateAuthority _ca = new(caOptions, time, SerialNumbers.FromRandom(RandomNumberGenerator.Create()));
    private X509Certificate2? _current;
    private string? _signer;

    public X509Certificate2? Current => Volatile.Read(ref _current);

    /// <summary>The trust bundle (PEM) the caBundle must hold, from the last refresh.</summary>
    public string? BundlePem { get; private set; }

    /// <summary>Makes sure a valid certificate is loaded; returns when to look again.</summary>
    public async Task<DateTimeOffset> RefreshAsync(CancellationToken ct)
    {
        using var root = await EnsureRootAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var current = Current;
        var halfLife = current is null ? now : HalfLife(current);
        if (current is null || _signer != root.SignerFingerprint || now >= halfLife)
        {
            var issued = WebhookServingCertificate.Issue(root.Signer, WebhookServingCertificate.DnsNames(caOptions.OperatorNamespace), now, RandomNumberGenerator.GetBytes(16));
            var old = Interlocked.Exchange(ref _current, issued);
            _signer = root.SignerFingerprint;
            halfLife = HalfLife(issued);
            // Connections in flight keep their own reference; the old object is only dropped, never disposed under them.
            GC.KeepAlive(old);
        }
        BundlePem = root.BundlePem;
        // Roots rotate on the CA's own schedule: look at least hourly so a new signer is picked up.
        var hourly = now.AddHours(1);
        return halfLife < hourly ? halfLife : hourly;
    }

    public void Dispose() => Current?.Dispose();

    private static DateTimeOffset HalfLife(X509Certificate2 certificate)
    {
        var from = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var to = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return from + (to - from) / 2;
    }

    private async Task<RootCaState> EnsureRootAsync(CancellationToken ct)
    {
        var key = ObjectKey.Create(caOptions.OperatorNamespace, caOptions.RootSecretName);
        var existing = await api.GetAsync<V1Secret>(ResourceKinds.Secret, key, ct).ConfigureAwait(false);
        var plan = _ca.PlanRoot(existing);
        if (plan.Action == RootCaAction.Keep)
        {
            return BuiltInCertificateAuthority.LoadRoot(existing!);
        }
        if (existing is not null)
        {
            // Rotation and renewal are the certificate step's job (leader only); serve from what is there meanwhile.
            return RootCaState.TryParse(existing, out _) ?? throw new InvalidOperationException("the root CA Secret is unusable; the certificate step will replace it");
        }
        if (await api.GetAsync<V1Namespace>(ResourceKinds.Namespace, ObjectKey.Create(null, caOptions.OperatorNamespace), ct).ConfigureAwait(false) is null)
        {
            await IgnoreConflictAsync(() => api.CreateAsync(ResourceKinds.Namespace, new V1Namespace { Metadata = new V1ObjectMeta { Name = caOptions.OperatorNamespace } }, ct)).ConfigureAwait(false);
        }
        try
        {
            return BuiltInCertificateAuthority.LoadRoot(await api.CreateAsync(ResourceKinds.Secret, _ca.BuildRootSecret(plan, null), ct).ConfigureAwait(false));
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Another replica, or the certificate step, created it first: use theirs.
            var created = await api.GetAsync<V1Secret>(ResourceKinds.Secret, key, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the root CA Secret vanished right after a conflict", e);
            return BuiltInCertificateAuthority.LoadRoot(created);
        }
    }

    private static async Task IgnoreConflictAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Exists already.
        }
    }
}
