using System.Text.Json;

namespace Mesh.Testing;

/// <summary>The bootstrap file (GRPC_XDS_BOOTSTRAP) of a grpc-js-xds client talking plaintext to one xDS server.</summary>
public static class GrpcXdsBootstrap
{
    /// <summary>Writes a bootstrap to a new temp file and returns its path; the caller deletes it.</summary>
    /// <param name="serverUri">host:port of the xDS server.</param>
    /// <param name="nodeId">The node id the server keys its snapshot by.</param>
    public static string Write(string serverUri, string nodeId)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mesh-xds-bootstrap-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            xds_servers = new[] { new { server_uri = serverUri, channel_creds = new[] { new { type = "insecure" } }, server_features = Array.Empty<string>() } },
            // grpc-js-xds requires a locality: without one it fails with a null dereference.
            node = new { id = nodeId, locality = new { } },
        }));
        return path;
    }
}
