using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.RawBuffer.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Client-side mTLS of the outbound clusters (istio cluster_tls.go, "auto mTLS"). Sidecars pick TLS per endpoint:
/// endpoints whose pod runs a sidecar carry <c>tlsMode: mesh</c> in their metadata and get the workload certificate
/// (SDS), the trust bundle and the destination's SPIFFE identities; other endpoints get plaintext, so a service that is
/// only partly meshed keeps working. Proxyless gRPC clients cannot select per endpoint (they NACK
/// transport_socket_matches) and read certificates from their bootstrap's file_watcher provider, not SDS: they get TLS
/// only towards Strict services, where plaintext would be refused anyway.
/// </summary>
internal static class UpstreamTlsBuilder
{
    /// <summary>Metadata namespace Envoy matches transport_socket_matches against.</summary>
    public const string TransportSocketMatchKey = "envoy.transport_socket_match";

    /// <summary>The endpoint metadata key and value marking a meshed endpoint.</summary>
    public const string TlsModeKey = "tlsMode";

    public const string TlsModeMesh = "mesh";

    /// <summary>The certificate provider instance a proxyless client's bootstrap must define (Istio's name).</summary>
    public const string ProxylessCertificateProvider = "default";

    private const string RawBufferTransportSocket = "envoy.transport_sockets.raw_buffer";

    public static void Apply(Cluster cluster, MeshService service, ServicePort port, string? subset, string trustDomain, bool proxyless)
    {
        if (proxyless)
        {
            if (service.Mtls == MtlsMode.Strict)
            {
                cluster.TransportSocket = new TransportSocket { Name = XdsNames.TlsTransportSocket, TypedConfig = Pack(ProxylessTls(service, trustDomain)) };
            }
            return;
        }
        if (service.Mtls == MtlsMode.Disabled)
        {
            return;
        }
        cluster.TransportSocketMatches.Add(new Cluster.Types.TransportSocketMatch
        {
            Name = $"{TlsModeKey}-{TlsModeMesh}",
            Match = TlsModeMeshFields(),
            TransportSocket = new TransportSocket { Name = XdsNames.TlsTransportSocket, TypedConfig = Pack(SidecarTls(service, port, subset, trustDomain)) },
        });
        cluster.TransportSocketMatches.Add(new Cluster.Types.TransportSocketMatch
        {
            Name = $"{TlsModeKey}-disabled",
            Match = new Struct(),
            TransportSocket = new TransportSocket { Name = RawBufferTransportSocket, TypedConfig = Pack(new RawBuffer()) },
        });
    }

    /// <summary>
    /// The endpoint metadata that selects the TLS transport socket on sidecars: one instance shared by every meshed
    /// endpoint (a service of 10,000 pods would otherwise allocate 10,000 equal structs). Never mutated.
    /// </summary>
    public static Metadata MeshedEndpointMetadata { get; } = BuildMeshedEndpointMetadata();

    private static Metadata BuildMeshedEndpointMetadata() =>
        new() { FilterMetadata = { [TransportSocketMatchKey] = TlsModeMeshFields() } };

    /// <summary><c>{tlsMode: mesh}</c>: what a meshed endpoint carries and what the TLS transport socket matches.</summary>
    private static Struct TlsModeMeshFields() => new() { Fields = { [TlsModeKey] = Value.ForString(TlsModeMesh) } };

    /// <summary>Istio's SNI, so that the server side can tell the intended service and subset apart.</summary>
    public static string Sni(int port, string? subset, string host) => $"outbound_.{port}_.{subset}_.{host}";

    private static UpstreamTlsContext SidecarTls(MeshService service, ServicePort port, string? subset, string trustDomain)
    {
        var validation = new CertificateValidationContext();
        foreach (var identity in Identities(service, trustDomain))
        {
            validation.MatchTypedSubjectAltNames.Add(new SubjectAltNameMatcher
            {
                SanType = SubjectAltNameMatcher.Types.SanType.Uri,
                Matcher = new StringMatcher { Exact = identity },
            });
        }
        var common = new CommonTlsContext
        {
            TlsParams = new TlsParameters
            {
                TlsMinimumProtocolVersion = TlsParameters.Types.TlsProtocol.Tlsv12,
                TlsMaximumProtocolVersion = TlsParameters.Types.TlsProtocol.Tlsv13,
            },
            TlsCertificateSdsSecretConfigs = { new SdsSecretConfig { Name = SecretBuilder.WorkloadCertificate, SdsConfig = Ads() } },
            CombinedValidationContext = new CommonTlsContext.Types.CombinedCertificateValidationContext
            {
                DefaultValidationContext = validation,
                ValidationContextSdsSecretConfig = new SdsSecretConfig { Name = SecretBuilder.TrustBundle, SdsConfig = Ads() },
            },
        };
        // istio-peer-exchange and istio let the server tell mesh traffic apart; h2 only where the upstream speaks it.
        common.AlpnProtocols.Add(port.IsHttp2 ? ["istio-peer-exchange", "istio", "h2"] : ["istio-peer-exchange", "istio"]);
        return new UpstreamTlsContext { Sni = Sni(port.Port, subset, service.Host), CommonTlsContext = common };
    }

    /// <summary>gRPC reads only the provider instances and match_subject_alt_names, and NACKs tls_params.</summary>
    private static UpstreamTlsContext ProxylessTls(MeshService service, string trustDomain)
    {
        var validation = new CertificateValidationContext
        {
            CaCertificateProviderInstance = new CertificateProviderPluginInstance
            {
                InstanceName = ProxylessCertificateProvider,
                CertificateName = SecretBuilder.TrustBundle,
            },
        };
        foreach (var identity in Identities(service, trustDomain))
        {
            // Deprecated for Envoy (typed matchers replace it), but the only SAN field gRPC reads.
#pragma warning disable CS0612
            validation.MatchSubjectAltNames.Add(new StringMatcher { Exact = identity });
#pragma warning restore CS0612
        }
        return new UpstreamTlsContext
        {
            CommonTlsContext = new CommonTlsContext
            {
                TlsCertificateProviderInstance = new CertificateProviderPluginInstance
                {
                    InstanceName = ProxylessCertificateProvider,
                    CertificateName = SecretBuilder.WorkloadCertificate,
                },
                ValidationContext = validation,
            },
        };
    }

    private static IEnumerable<string> Identities(MeshService service, string trustDomain) =>
        service.ServiceAccounts.Order(StringComparer.Ordinal).Select(sa => $"spiffe://{trustDomain}/ns/{service.Namespace}/sa/{sa}");
}
