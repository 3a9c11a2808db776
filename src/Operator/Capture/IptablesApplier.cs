using System.ComponentModel;
using System.Diagnostics;

namespace Mesh.Operator.Capture;

/// <summary>Installs a rule set with <c>iptables-restore --noflush</c>, turning every failure into a <see cref="CaptureException"/>.</summary>
internal sealed class IptablesApplier(IptablesTools tools)
{
    public async Task ApplyAsync(IReadOnlyList<string> rules, CancellationToken ct)
    {
        var existing = await RunAsync(tools.Save, ["-t", "nat"], null, ct).ConfigureAwait(false);
        await RunAsync(tools.Restore, ["--noflush"], CaptureRules.RestoreInput(rules, existing), ct).ConfigureAwait(false);
    }

    private async Task<string> RunAsync(string program, string[] args, string? input, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CaptureException($"{program} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new CaptureException(
                $"{program} could not be run ({e.Message}): the capture image must contain iptables (Debian/Ubuntu: apt-get install iptables).");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(tools.Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                if (input is not null)
                {
                    await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token).ConfigureAwait(false);
                    process.StandardInput.Close();
                }

                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new CaptureException($"{program} did not finish within {tools.Timeout.TotalSeconds:0} s.");
            }
            catch (IOException e)
            {
                // The program exited before reading its input: its exit code and stderr say why.
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                if (process.ExitCode == 0)
                {
                    throw new CaptureException($"{program} stopped reading its input: {e.Message}");
                }
            }

            if (process.ExitCode != 0)
            {
                throw new CaptureException(Explain(program, process.ExitCode, (await stderr.ConfigureAwait(false)).Trim()));
            }

            return await stdout.ConfigureAwait(false);
        }
    }

    private static string Explain(string program, int exitCode, string stderr)
    {
        var denied = stderr.Contains("Permission denied", StringComparison.OrdinalIgnoreCase)
                     || stderr.Contains("Operation not permitted", StringComparison.OrdinalIgnoreCase)
                     || stderr.Contains("you must be root", StringComparison.OrdinalIgnoreCase);
        return denied
            ? $"{program} was refused permission (exit {exitCode}): the capture container must run as root with the NET_ADMIN and NET_RAW capabilities. {program} said: {stderr}"
            : $"{program} failed (exit {exitCode}): {(stderr.Length > 0 ? stderr : "no message")}";
    }
}
