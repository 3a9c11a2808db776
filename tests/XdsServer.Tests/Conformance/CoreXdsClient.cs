using System.Globalization;
using System.Text.Json;
using Mesh.Testing;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>
/// The python process running core_client.py: a proxyless gRPC C-core client (Debian's python3-grpcio) plus two
/// backends, speaking the same JSON lines as <see cref="NodeXdsClient"/>. Run by /usr/bin/python3 (the python3 on
/// PATH may be a per-user shim without the Debian packages).
/// </summary>
internal sealed class CoreXdsClient : IConformanceClient
{
    public const string Python = "/usr/bin/python3";
    private static readonly string ClientScript = RepoPaths.Of("tests", "XdsServer.Tests", "Conformance", "python", "core_client.py");
    private readonly NodeProcess _process;

    private CoreXdsClient(NodeProcess process) => _process = process;

    public string Stderr => _process.Stderr;

    public static CoreXdsClient Start(string bootstrapPath, string target, TimeSpan lifetime) =>
        new(NodeProcess.StartProgram(
            Python,
            [ClientScript],
            new Dictionary<string, string>
            {
                ["GRPC_XDS_BOOTSTRAP"] = bootstrapPath,
                ["MESH_CONFORMANCE_TARGET"] = target,
                ["MESH_CONFORMANCE_TIMEOUT_MS"] = ((int)lifetime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                ["PYTHONUNBUFFERED"] = "1",
            },
            workingDirectory: Path.GetDirectoryName(ClientScript)!));

    public Task SendAsync(object command) => _process.SendAsync(command);

    /// <summary>The next event named <paramref name="name"/>; fails on a fatal event, on exit and on timeout.</summary>
    public Task<JsonElement> NextAsync(string name, TimeSpan timeout) => _process.NextAsync(name, timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
