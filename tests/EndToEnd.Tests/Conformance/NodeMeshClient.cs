using System.Globalization;
using System.Text.Json;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Conformance;

/// <summary>
/// The node process running node/mesh-client.js (a grpc-js-xds client and two backends): commands in, events out, as
/// JSON lines (see <see cref="NodeProcess"/>); this adds the script, its environment and ask-and-answer.
/// </summary>
internal sealed class NodeMeshClient : IAsyncDisposable
{
    private readonly NodeProcess _node;

    private NodeMeshClient(NodeProcess node) => _node = node;

    public string Stderr => _node.Stderr;

    public static string Script => RepoPaths.Of("tests", "EndToEnd.Tests", "Conformance", "node", "mesh-client.js");

    public static NodeMeshClient Start(string bootstrapPath, TimeSpan lifetime) =>
        new(NodeProcess.Start(Script, new Dictionary<string, string>
        {
            ["GRPC_XDS_BOOTSTRAP"] = bootstrapPath,
            ["MESH_CONFORMANCE_TIMEOUT_MS"] = ((int)lifetime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        }));

    /// <summary>Sends one command and returns its answer (the next event of the same name).</summary>
    public async Task<JsonElement> AskAsync(string cmd, object command, TimeSpan timeout)
    {
        var json = JsonSerializer.SerializeToNode(command)!.AsObject();
        json["cmd"] = cmd;
        await _node.SendAsync(json);
        return await NextAsync(cmd, timeout);
    }

    public Task<JsonElement> NextAsync(string name, TimeSpan timeout) => _node.NextAsync(name, timeout);

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
