using System.Diagnostics;
using System.Text;

namespace Mesh.Testing;

/// <summary>A long-running kubectl (get -w) whose output can be awaited, stopped when the test is done.</summary>
public sealed class KubectlStream : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly object _gate = new();

    private KubectlStream(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_gate)
                {
                    _stdout.AppendLine(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
    }

    public string StdOut
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Waits until the output so far satisfies <paramref name="done"/>.</summary>
    public async Task WaitForAsync(Func<string, bool> done, string what, TimeSpan? timeout = null)
    {
        if (!await Eventually.Holds(() => Task.FromResult(done(StdOut)), timeout ?? TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50)))
        {
            // The output at the deadline, not at the start, is what explains the wait.
            throw new TimeoutException($"Timed out waiting until {what}; kubectl printed:\n{StdOut}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    internal static KubectlStream Start(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start; it must be on PATH.");

        // stderr is drained so that a chatty kubectl never blocks on a full pipe.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new KubectlStream(process);
    }
}
