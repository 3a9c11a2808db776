using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Mesh.Xds.LoadHarness;

/// <summary>The driver's handle on the server child process: one JSON command in, one JSON reply out.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(TimeSpan debounce, bool bare = false)
    {
        // The same program in `serve` mode: through the apphost when there is one, else through dotnet.
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(ServerProcess).Assembly.Location, "serve", "--debounce-ms", Ms(debounce)])
            : new ProcessStartInfo(self, ["serve", "--debounce-ms", Ms(debounce)]);
        if (bare)
        {
            start.ArgumentList.Add("--bare");
        }

        // XDS_HARNESS_SERVER_CPUS=1 (with the harness itself under `taskset -c 0`) gives the server cores of its own, so
        // that its share of a push is not mixed with the simulated clients'. taskset execs the server: same pid.
        if (Environment.GetEnvironmentVariable("XDS_HARNESS_SERVER_CPUS") is { Length: > 0 } cpus)
        {
            var pinned = new ProcessStartInfo("taskset", ["-c", cpus, start.FileName, .. start.ArgumentList]);
            start = pinned;

            // The runtime multiplies its tiering delay by 10 in a process that sees one CPU, and restarts the delay
            // while new methods are being compiled: a pinned server would push its "warm" world still running tier-0
            // code (and measure a floor twice as slow as a warm serializer's). No delay: compiled as an operator
            // is after its first minutes.
            if (cpus.Split(',', '-').Length == 1)
            {
                start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
            }
        }

        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        var process = Process.Start(start)!;
        var hello = await ReadReplyAsync(process, TimeSpan.FromSeconds(60));
        return new ServerProcess(process, new Uri($"http://127.0.0.1:{(int)hello["port"]!}"));
    }

    public async Task<JsonObject> SendAsync(JsonObject command, TimeSpan? timeout = null)
    {
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
        var reply = await ReadReplyAsync(_process, timeout ?? TimeSpan.FromMinutes(3));
        return reply["error"] is { } error ? throw new InvalidOperationException($"server: {error}") : reply;
    }

    public async Task<int> StreamsAsync() => (int)(await SendAsync(new JsonObject { ["cmd"] = "streams" }))["streams"]!;

    public async Task WaitForStreamsAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (await StreamsAsync() != count)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"the server never reached {count} streams (has {await StreamsAsync()})");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>user+system CPU the server process has used so far (its own counters).</summary>
    public TimeSpan Cpu()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The server's allocation and collection counters (none forced).</summary>
    public Task<JsonObject> CollectionsAsync() => SendAsync(new JsonObject { ["cmd"] = "gc" });

    public async Task<(long Heap, long WorkingSet, long PeakWorkingSet)> MemoryAsync()
    {
        var reply = await SendAsync(new JsonObject { ["cmd"] = "mem" });
        return ((long)reply["heap"]!, (long)reply["workingSet"]!, (long)reply["peakWorkingSet"]!);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(new JsonObject { ["cmd"] = "exit" }.ToJsonString());
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Falls through to the kill.
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

    private static string Ms(TimeSpan value) => ((int)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonObject> ReadReplyAsync(Process process, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(cts.Token)
                ?? throw new InvalidOperationException("the server process exited");
            if (line.StartsWith('{'))
            {
                return JsonNode.Parse(line)!.AsObject();
            }
        }
    }
}
