using Mesh.Operator.Capture;

namespace Mesh.Operator.Tests.Capture;

/// <summary>The command's exit codes and messages; the programs it runs are replaced by small scripts.</summary>
public sealed class CaptureCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mesh-capture-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Dry_run_prints_the_rules_and_runs_nothing()
    {
        var (code, stdout, _) = await RunAsync(["--dry-run"], new IptablesTools { Save = "/nonexistent/iptables-save", Restore = "/nonexistent/iptables-restore" });

        code.Should().Be(0);
        stdout.Should().Be(CaptureRules.RestoreInput(CaptureRules.Build(new CaptureOptions()), ""));
    }

    [Fact]
    public async Task Bad_arguments_exit_2_with_the_errors_and_the_usage()
    {
        var (code, _, stderr) = await RunAsync(["--exclude-outbound-ports", "http"], new IptablesTools());

        code.Should().Be(2);
        stderr.Should().Contain("error: --exclude-outbound-ports 'http' is not a number").And.Contain("Usage:");
    }

    [Fact]
    public async Task Missing_iptables_exits_1_and_says_what_to_install()
    {
        var (code, _, stderr) = await RunAsync([], new IptablesTools { Save = "/nonexistent/iptables-save" });

        code.Should().Be(1);
        stderr.Should().Contain("/nonexistent/iptables-save could not be run").And.Contain("apt-get install iptables");
    }

    [Fact]
    public async Task A_refused_permission_exits_1_and_names_the_capabilities_needed()
    {
        var save = Script("save", "echo 'iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)' >&2; exit 4");

        var (code, _, stderr) = await RunAsync([], new IptablesTools { Save = save });

        code.Should().Be(1);
        stderr.Should().Contain("refused permission").And.Contain("NET_ADMIN and NET_RAW").And.Contain("you must be root");
    }

    [Fact]
    public async Task A_failing_restore_exits_1_with_its_message()
    {
        var save = Script("save", "echo '*nat'; echo COMMIT");
        var restore = Script("restore", "cat > /dev/null; echo 'iptables-restore: line 9 failed' >&2; exit 1");

        var (code, _, stderr) = await RunAsync([], new IptablesTools { Save = save, Restore = restore });

        code.Should().Be(1);
        stderr.Should().Contain("failed (exit 1): iptables-restore: line 9 failed");
    }

    [Fact]
    public async Task A_hanging_program_is_stopped_at_the_timeout()
    {
        var save = Script("save", "exec sleep 30");

        var (code, _, stderr) = await RunAsync([], new IptablesTools { Save = save, Timeout = TimeSpan.FromMilliseconds(300) });

        code.Should().Be(1);
        stderr.Should().Contain("did not finish within");
    }

    [Fact]
    public async Task The_restore_input_reaches_iptables_restore_with_noflush()
    {
        var seen = Path.Combine(_dir, "seen");
        var save = Script("save", "echo '*nat'; echo '-A OUTPUT -p tcp -j MESH_OUTPUT'; echo COMMIT");
        var restore = Script("restore", $"echo \"$@\" > {seen}.args; cat > {seen}");

        var (code, stdout, _) = await RunAsync([], new IptablesTools { Save = save, Restore = restore });

        code.Should().Be(0, stdout);
        (await File.ReadAllTextAsync(seen + ".args")).Trim().Should().Be("--noflush");
        var input = await File.ReadAllTextAsync(seen);
        input.Should().Contain(CaptureRules.PreroutingJump).And.NotContain(CaptureRules.OutputJump, "the jump is already installed");
        stdout.Should().Contain("nat rules installed");
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, IptablesTools tools)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await CaptureCommand.RunAsync(args, stdout, stderr, tools, timeout.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
