using System.Diagnostics;
using System.Text;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>A long-running kubectl (get -w) whose output can be awaited line by line, stopped when the test is done.</summary>
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

    public static KubectlStream Start(string kubeconfig, string cacheDir, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new KubectlStream(process);
    }

    /// <summary>Waits until the output so far satisfies <paramref name="done"/>.</summary>
    public Task WaitForAsync(Func<string, bool> done, string what, TimeSpan? timeout = null) =>
        ClusterTargetExtensions.EventuallyAsync(() => Task.FromResult(done(StdOut)), $"{what}; kubectl printed:\n{StdOut}", timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
