using System.Globalization;
using System.Text.Json;
using Mesh.Testing;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>
/// The node process running client.js: a proxyless grpc-js-xds client plus two backends, speaking JSON lines (see
/// <see cref="NodeProcess"/>); this adds the script, its working folder and environment.
/// </summary>
internal sealed class NodeXdsClient : IConformanceClient
{
    private static readonly string ClientScript = RepoPaths.Of("tests", "XdsServer.Tests", "Conformance", "node", "client.js");
    private readonly NodeProcess _node;

    private NodeXdsClient(NodeProcess node) => _node = node;

    public string Stderr => _node.Stderr;

    public static NodeXdsClient Start(string bootstrapPath, string target, TimeSpan lifetime) =>
        new(NodeProcess.Start(
            ClientScript,
            new Dictionary<string, string>
            {
                ["GRPC_XDS_BOOTSTRAP"] = bootstrapPath,
                ["MESH_CONFORMANCE_TARGET"] = target,
                ["MESH_CONFORMANCE_TIMEOUT_MS"] = ((int)lifetime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            },
            workingDirectory: Path.GetDirectoryName(ClientScript)!));

    public Task SendAsync(object command) => _node.SendAsync(command);

    /// <summary>The next event named <paramref name="name"/>; fails on a fatal event, on exit and on timeout.</summary>
    public Task<JsonElement> NextAsync(string name, TimeSpan timeout) => _node.NextAsync(name, timeout);

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
