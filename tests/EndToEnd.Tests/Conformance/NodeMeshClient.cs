using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Mesh.EndToEnd.Tests.Mesh;

namespace Mesh.EndToEnd.Tests.Conformance;

/// <summary>
/// The node process running node/mesh-client.js (a grpc-js-xds client and two backends): commands in, events out, as
/// JSON lines; every wait is bounded and the process tree is killed on dispose.
/// </summary>
internal sealed class NodeMeshClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder _stderr = new();

    private NodeMeshClient(Process process) => _process = process;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static string Script => Path.Combine(RepoPaths.Root, "tests", "EndToEnd.Tests", "Conformance", "node", "mesh-client.js");

    public static NodeMeshClient Start(string bootstrapPath, TimeSpan lifetime)
    {
        var start = new ProcessStartInfo("node", [Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NODE_PATH"] = RepoPaths.NodeModules;
        start.Environment["GRPC_XDS_BOOTSTRAP"] = bootstrapPath;
        start.Environment["MESH_CONFORMANCE_TIMEOUT_MS"] = ((int)lifetime.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var client = new NodeMeshClient(process);
        process.OutputDataReceived += (_, e) => client.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (client._stderr)
                {
                    client._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Exited += (_, _) => client._events.Writer.TryComplete();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Sends one command and returns its answer (the next event of the same name).</summary>
    public async Task<JsonElement> AskAsync(string cmd, object command, TimeSpan timeout)
    {
        var json = JsonSerializer.SerializeToNode(command)!.AsObject();
        json["cmd"] = cmd;
        await _process.StandardInput.WriteLineAsync(json.ToJsonString());
        await _process.StandardInput.FlushAsync();
        return await NextAsync(cmd, timeout);
    }

    public async Task<JsonElement> NextAsync(string name, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _events.Reader.WaitToReadAsync(cts.Token))
            {
                while (_events.Reader.TryRead(out var e))
                {
                    var kind = e.GetProperty("event").GetString();
                    if (kind == name)
                    {
                        return e;
                    }

                    if (kind is "fatal" or "error")
                    {
                        throw new InvalidOperationException($"node client reported {e}; stderr:\n{Stderr}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no '{name}' event from the node client within {timeout}; stderr:\n{Stderr}");
        }

        throw new InvalidOperationException($"the node client exited before '{name}'; stderr:\n{Stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("{\"cmd\":\"exit\"}");
                await _process.StandardInput.FlushAsync();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // Exiting politely failed: the kill below ends it.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        try
        {
            _events.Writer.TryWrite(JsonDocument.Parse(line).RootElement.Clone());
        }
        catch (JsonException)
        {
            lock (_stderr)
            {
                _stderr.AppendLine($"(stdout) {line}");
            }
        }
    }
}
