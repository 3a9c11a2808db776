using System.Text.Json;

namespace Mesh.Testing;

/// <summary>The bootstrap file (GRPC_XDS_BOOTSTRAP) of a grpc-js-xds client talking plaintext to one xDS server.</summary>
public static class GrpcXdsBootstrap
{
    /// <summary>Writes a bootstrap to a new temp file and returns its path; the caller deletes it.</summary>
    /// <param name="serverUri">host:port of the xDS server.</param>
    /// <param name="nodeId">The node id the server keys its snapshot by.</param>
    /// <param name="certificates">Certificate files for the provider instance <c>default</c> (the name the mesh's TLS
    /// clusters ask for); null for a client without mesh certificates.</param>
    /// <param name="serverListenerTemplate">server_listener_resource_name_template for an xDS-enabled gRPC server
    /// (gRFC A36); null for a client only.</param>
    public static string Write(string serverUri, string nodeId, CertificateFiles? certificates = null, string? serverListenerTemplate = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mesh-xds-bootstrap-{Guid.NewGuid():N}.json");
        var bootstrap = new Dictionary<string, object>
        {
            ["xds_servers"] = new[] { new { server_uri = serverUri, channel_creds = new[] { new { type = "insecure" } }, server_features = Array.Empty<string>() } },
            // grpc-js-xds requires a locality: without one it fails with a null dereference.
            ["node"] = new { id = nodeId, locality = new { } },
        };
        if (certificates is not null)
        {
            bootstrap["certificate_providers"] = new Dictionary<string, object>
            {
                ["default"] = new
                {
                    plugin_name = "file_watcher",
                    config = new
                    {
                        certificate_file = certificates.Certificate,
                        private_key_file = certificates.PrivateKey,
                        ca_certificate_file = certificates.TrustBundle,
                        refresh_interval = "600s",
                    },
                },
            };
        }
        if (serverListenerTemplate is not null)
        {
            bootstrap["server_listener_resource_name_template"] = serverListenerTemplate;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(bootstrap));
        return path;
    }
}

/// <summary>PEM files of one workload identity, as the file_watcher certificate provider reads them.</summary>
public sealed record CertificateFiles(string Certificate, string PrivateKey, string TrustBundle)
{
    /// <summary>Writes the <c>tls.crt</c>, <c>tls.key</c> and <c>ca.crt</c> of a kubernetes.io/tls Secret's data into <paramref name="directory"/>.</summary>
    public static CertificateFiles Write(string directory, IReadOnlyDictionary<string, string> base64Data)
    {
        ArgumentNullException.ThrowIfNull(base64Data);
        Directory.CreateDirectory(directory);
        string Save(string key)
        {
            var file = Path.Combine(directory, key);
            File.WriteAllBytes(file, Convert.FromBase64String(base64Data[key]));
            return file;
        }
        return new CertificateFiles(Save("tls.crt"), Save("tls.key"), Save("ca.crt"));
    }
}
