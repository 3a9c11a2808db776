using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Local;

/// <summary>
/// Local mode only: plays cert-manager for Certificates whose issuer exists, so that policies using the CertManager
/// provider can become Ready without cert-manager. It signs with an in-memory CA, writes the Secret and sets the
/// Certificate's Ready condition the way cert-manager does. Never used in a cluster.
/// </summary>
internal sealed class CertManagerStandIn(KubeApi api, ObjectCache<Certificate> certificates, TimeProvider time) : IReconciler, IDisposable
{
    private readonly X509Certificate2 _ca = CertificateFactory.CreateRoot("Mesh local cert-manager stand-in", time.GetUtcNow().AddMinutes(-1), TimeSpan.FromDays(30), 0, RandomNumberGenerator.GetBytes(16));

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var certificate = certificates.Get(key);
        if (certificate?.Spec is null || IsReady(certificate) || !await IssuerExistsAsync(certificate, ct).ConfigureAwait(false))
        {
            return ReconcileResult.Done;
        }

        var uri = certificate.Spec.Uris?.FirstOrDefault() ?? $"spiffe://cluster.local/ns/{key.Namespace}/sa/unknown";
        var duration = certificate.Spec.Duration is { } d && GoDuration.TryParse(d, out var parsed) ? parsed : TimeSpan.FromHours(24);
        using var leaf = CertificateFactory.IssueWorkload(_ca, uri, time.GetUtcNow().AddMinutes(-1), duration, RandomNumberGenerator.GetBytes(16));
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = certificate.Spec.SecretName, NamespaceProperty = key.Namespace },
            Type = "kubernetes.io/tls",
            Data = new Dictionary<string, byte[]>
            {
                ["tls.crt"] = Pem.Bytes(leaf.ExportCertificatePem()),
                ["tls.key"] = Pem.Bytes(leaf.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()),
                ["ca.crt"] = Pem.Bytes(_ca.ExportCertificatePem()),
            },
        };
        try
        {
            await api.CreateAsync(ResourceKinds.Secret, secret, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await api.GetAsync<V1Secret>(ResourceKinds.Secret, ObjectKey.Of(secret), ct).ConfigureAwait(false);
            secret.Metadata.ResourceVersion = existing?.Metadata.ResourceVersion;
            await api.ReplaceAsync(ResourceKinds.Secret, secret, ct).ConfigureAwait(false);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = "True",
                    ["reason"] = "Ready",
                    ["message"] = "Certificate is up to date and has not expired (issued by the local cert-manager stand-in)",
                    ["lastTransitionTime"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    ["observedGeneration"] = certificate.Metadata.Generation ?? 1,
                }),
                ["notBefore"] = leaf.NotBefore.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["notAfter"] = leaf.NotAfter.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["revision"] = 1,
            },
        };
        await api.MergePatchAsync<Certificate>(CertificateKinds.Certificate, key, status.ToJsonString(), "status", ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    public void Dispose() => _ca.Dispose();

    private static bool IsReady(Certificate certificate) =>
        certificate.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True" && c.ObservedGeneration == certificate.Metadata.Generation) == true;

    private async Task<bool> IssuerExistsAsync(Certificate certificate, CancellationToken ct)
    {
        var issuerRef = certificate.Spec.IssuerRef;
        var cluster = issuerRef.Kind == "ClusterIssuer";
        var kind = cluster ? CertificateKinds.ClusterIssuer : CertificateKinds.Issuer;
        var found = await api.GetAsync<Issuer>(kind, ObjectKey.Create(cluster ? null : certificate.Metadata.NamespaceProperty, issuerRef.Name), ct).ConfigureAwait(false);
        return found is not null;
    }
}
