using System.Diagnostics;
using System.Text;

namespace Mesh.Testing;

/// <summary>
/// A long-running child process a test starts (an operator binary, a server), its stdout and stderr collected as they
/// come for failure messages, killed with its whole tree (SIGKILL) on <see cref="KillAsync"/> or dispose.
/// <see cref="ProcessRun"/> is the one for commands that run to completion.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts <paramref name="start"/> with its output redirected (the caller sets program, arguments and environment).</summary>
    public static RunningProcess Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return new RunningProcess(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"));
    }

    /// <summary>What the process printed so far, stdout and stderr interleaved as received.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>SIGKILL to the whole tree: the process ends at once, whatever it was writing.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
