using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Mesh.XdsServer.Contract;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Config;

/// <summary>
/// The xDS ports' access rules. On the mTLS port a client certificate is required, must chain to the mesh trust
/// bundle and carry one SPIFFE URI SAN; a sidecar's node id must name a pod of the certificate's namespace (the
/// ServiceAccount is checked against the pod by <see cref="MeshConfigServer"/>). The plaintext port serves only
/// proxyless clients: a sidecar node id there is refused, so secrets and sidecar config never travel in plaintext. A
/// proxyless gRPC pod's node id (the pod format, from a gRPC library) is served there: its config has no secret, and
/// the gRPC clients cannot speak mTLS to a control plane (docs/security.md, section 9).
/// Certificates are checked here rather than in the TLS handshake so that each refusal carries a gRPC status and a
/// message instead of a dropped connection. Validity is checked at the host's <see cref="TimeProvider"/> time, the
/// clock the CA issues and rotates by (a test advancing it sees the same certificates expire).
/// </summary>
public sealed class SpiffeNodeAuthorizer(IXdsCredentials credentials, TimeProvider time, ILogger<SpiffeNodeAuthorizer> logger) : INodeAuthorizer
{
    public NodeIdentity? Authorize(string nodeId, SidecarNodeId? sidecar, bool proxylessPod, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (!http.Request.IsHttps)
        {
            if (sidecar is not null && !proxylessPod)
            {
                throw Refuse(StatusCode.PermissionDenied, nodeId,
                    $"sidecar node '{nodeId}' must connect to the mTLS xDS port ({SidecarContract.XdsTlsPort}) with its workload certificate; the plaintext port serves proxyless clients only");
            }

            return null;
        }

        var certificate = http.Connection.ClientCertificate;
        if (certificate is null)
        {
            throw Refuse(StatusCode.Unauthenticated, nodeId, "the mTLS xDS port requires a client certificate (the workload certificate of the pod)");
        }

        var chainError = ChainError(certificate, credentials.TrustBundle, time.GetUtcNow());
        if (chainError is not null)
        {
            throw Refuse(StatusCode.Unauthenticated, nodeId, $"the client certificate does not chain to the mesh trust bundle: {chainError}");
        }

        var identity = NodeIdentity.TryParse(SingleUriSan(certificate));
        if (identity is null)
        {
            throw Refuse(StatusCode.PermissionDenied, nodeId, "the client certificate carries no SPIFFE identity spiffe://<trust domain>/ns/<namespace>/sa/<service account>");
        }

        if (sidecar is not null && sidecar.Namespace != identity.Namespace)
        {
            throw Refuse(StatusCode.PermissionDenied, nodeId,
                $"node '{nodeId}' names a pod of namespace '{sidecar.Namespace}' but the client certificate is {identity} (namespace '{identity.Namespace}')");
        }

        return identity;
    }

    private RpcException Refuse(StatusCode code, string nodeId, string message)
    {
        logger.LogWarning("xDS stream of node '{NodeId}' refused ({Code}): {Message}", nodeId, code, message);
        return new RpcException(new Grpc.Core.Status(code, message));
    }

    private static string? ChainError(X509Certificate2 certificate, X509Certificate2Collection bundle, DateTimeOffset now)
    {
        if (bundle.Count == 0)
        {
            return "the mesh has no trust bundle yet";
        }

        using var chain = new X509Chain { ChainPolicy = MeshChainPolicy.For(bundle, now) };
        if (chain.Build(certificate))
        {
            return null;
        }

        return string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("untrusted issuer"));
    }

    /// <summary>The single URI SAN of a certificate (a workload certificate holds exactly one), or null.</summary>
    internal static string? SingleUriSan(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return null;
        }

        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        var uri = default(string);
        var context6 = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 6)
            {
                if (uri is not null)
                {
                    return null;
                }

                uri = reader.ReadCharacterString(UniversalTagNumber.IA5String, context6);
            }
            else
            {
                reader.ReadEncodedValue();
            }
        }

        return uri;
    }
}
