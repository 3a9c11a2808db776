using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Mesh.Testing;

/// <summary>
/// A node script speaking the tests' line protocol: commands go in as JSON lines ({"cmd": ...}), events come back as
/// JSON lines ({"event": ...}). It resolves packages from the node_modules the build installed; every wait is bounded
/// and the process tree is killed on dispose.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder _stderr = new();

    private NodeProcess(Process process) => _process = process;

    /// <summary>What the script wrote on stderr, and any stdout line that was not JSON.</summary>
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

    /// <summary>Starts <c>node <paramref name="script"/></c> with NODE_PATH on <see cref="RepoPaths.NodeModules"/> and <paramref name="environment"/> added.</summary>
    public static NodeProcess Start(string script, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null) =>
        StartProgram("node", [script], environment, workingDirectory);

    /// <summary>
    /// Starts another program speaking the same line protocol (e.g. <c>/usr/bin/python3 client.py</c> for the gRPC
    /// C-core client), with the same environment handling as <see cref="Start"/>.
    /// </summary>
    public static NodeProcess StartProgram(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.Environment["NODE_PATH"] = RepoPaths.NodeModules;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                node.AppendStderr(e.Data);
            }
        };
        process.Exited += (_, _) => node._events.Writer.TryComplete();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Writes <paramref name="command"/> (an object or a JsonNode carrying "cmd") as one JSON line.</summary>
    public async Task SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next event named <paramref name="name"/>, skipping others; fails on a fatal or error event, on exit and on timeout.</summary>
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

    /// <summary>Asks the script to exit ({"cmd":"exit"}), then kills the process tree if it has not within 3 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await SendAsync(new { cmd = "exit" });
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
            AppendStderr($"(stdout) {line}");
        }
    }

    private void AppendStderr(string line)
    {
        lock (_stderr)
        {
            _stderr.AppendLine(line);
        }
    }
}
